package com.beatgen.api;

import com.beatgen.config.Env;
import com.beatgen.storage.S3Clients;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 presigner of the audio links. */
public final class Presigners {

    private Presigners() {
    }

    /** Presigned URLs for the region's endpoint in AWS, or {@code S3_ENDPOINT_URL} (path-style) for a local S3. */
    public static S3Presigner fromEnv(Env env) {
        S3Presigner.Builder builder = S3Presigner.builder().region(Region.of(env.string("AWS_REGION", "us-east-1")));
        env.optional(S3Clients.ENDPOINT).ifPresent(endpoint -> {
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
            if (env.optional("AWS_ACCESS_KEY_ID").isEmpty()) {
                builder.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Clients.LOCAL_ACCESS_KEY, S3Clients.LOCAL_SECRET_KEY)));
            }
        });
        return builder.build();
    }
}
