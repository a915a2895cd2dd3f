package com.beatgen.local.coldstart;

import java.util.Map;

/**
 * A function's AWS credential variables as this test JVM's system properties, which the SDK's default chain reads
 * first: a test cannot set its own environment, and a function's JVM reads the variables themselves. Cleared on close.
 */
final class AwsCredentialsProperties implements AutoCloseable {

    private static final Map<String, String> PROPERTY_OF = Map.of("AWS_ACCESS_KEY_ID", "aws.accessKeyId",
            "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey", "AWS_SESSION_TOKEN", "aws.sessionToken");

    private AwsCredentialsProperties() {
    }

    static AwsCredentialsProperties of(Map<String, String> environment) {
        PROPERTY_OF.forEach((variable, property) -> {
            if (environment.containsKey(variable)) {
                System.setProperty(property, environment.get(variable));
            }
        });
        return new AwsCredentialsProperties();
    }

    @Override
    public void close() {
        PROPERTY_OF.values().forEach(System::clearProperty);
    }
}
