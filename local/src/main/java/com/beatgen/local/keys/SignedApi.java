package com.beatgen.local.keys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Calls of a deployed stack's IAM-authorized API routes: each request is signed with Signature Version 4 for
 * {@code execute-api} by the AWS SDK's signer (the same the AWS CLI and SDKs use), then sent with java.net.http.
 */
public final class SignedApi {

    public static final String SERVICE = "execute-api";

    /** @param status HTTP status; {@code body} the answer's text */
    public record Response(int status, String body) {
    }

    private final AwsCredentialsIdentity credentials;
    private final String region;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public SignedApi(AwsCredentialsIdentity credentials, String region) {
        this.credentials = credentials;
        this.region = region;
    }

    /** The signed form of a JSON POST: its headers (Authorization, X-Amz-Date, X-Amz-Content-Sha256, …). */
    public static SdkHttpRequest sign(AwsCredentialsIdentity credentials, String region, URI uri, String json) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", "application/json")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials)
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(json))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        return signed.request();
    }

    public Response postJson(URI uri, String json) throws IOException, InterruptedException {
        SdkHttpRequest signed = sign(credentials, region, uri, json);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host")) { // java.net.http sets Host itself (a restricted header)
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
