package com.beatgen.storage;

import com.beatgen.config.Env;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 clients: the region's endpoint in AWS, or {@code S3_ENDPOINT_URL} (path-style) for a local S3 server, which
 * accepts the local stack's fixed credentials unless real ones are given.
 */
public final class S3Clients {

    public static final String BEATS_BUCKET = "BEATS_BUCKET";
    public static final String ENDPOINT = "S3_ENDPOINT_URL";
    public static final String LOCAL_ACCESS_KEY = "local";
    public static final String LOCAL_SECRET_KEY = "local-secret";

    private S3Clients() {
    }

    public static S3Client client(Env env) {
        return builder(env).build();
    }

    /** {@link #client(Env)}'s configuration, for a client that needs more (tests add interceptors). */
    public static S3ClientBuilder builder(Env env) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(env))
                // checksums only where S3 requires them: the default trailing checksums need aws-chunked uploads
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        env.optional(ENDPOINT).ifPresent(endpoint -> {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
            if (env.optional("AWS_ACCESS_KEY_ID").isEmpty()) {
                builder.credentialsProvider(localCredentials());
            }
        });
        return builder;
    }

    /** Presigned GET URLs, for the same endpoint the client would use. */
    public static S3Presigner presigner(Env env) {
        S3Presigner.Builder builder = S3Presigner.builder().region(region(env));
        env.optional(ENDPOINT).ifPresent(endpoint -> {
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
            if (env.optional("AWS_ACCESS_KEY_ID").isEmpty()) {
                builder.credentialsProvider(localCredentials());
            }
        });
        return builder.build();
    }

    private static Region region(Env env) {
        return Region.of(env.string("AWS_REGION", "us-east-1"));
    }

    private static StaticCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY));
    }
}
