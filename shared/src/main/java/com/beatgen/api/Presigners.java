package com.beatgen.api;

import com.beatgen.config.Env;
import com.beatgen.pipeline.Pipeline;
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
        env.optional(Pipeline.S3_ENDPOINT).ifPresent(endpoint -> {
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
            if (env.optional("AWS_ACCESS_KEY_ID").isEmpty()) {
                builder.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(Pipeline.LOCAL_ACCESS_KEY, Pipeline.LOCAL_SECRET_KEY)));
            }
        });
        return builder.build();
    }
}
