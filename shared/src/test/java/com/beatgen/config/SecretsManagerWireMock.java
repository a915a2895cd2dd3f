package com.beatgen.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.beatgen.Json;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;

/**
 * Secrets Manager's {@code GetSecretValue} wire protocol on 127.0.0.1 (WireMock), for tests that read secrets through
 * the real AWS SDK client ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}). Starting it gives the SDK test credentials.
 */
public final class SecretsManagerWireMock implements AutoCloseable {

    private static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";

    private final WireMockServer server;

    private SecretsManagerWireMock(WireMockServer server) {
        this.server = server;
    }

    public static SecretsManagerWireMock start() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return new SecretsManagerWireMock(server);
    }

    /** The value for {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. */
    public String endpoint() {
        return server.baseUrl();
    }

    /** Answers {@code GetSecretValue} for {@code secretId} (a name or an ARN) with {@code secretString}. */
    public SecretsManagerWireMock secret(String secretId, String secretString) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(GET_SECRET_VALUE))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(Json.write(Map.of("Name", secretId, "SecretString", secretString)))));
        return this;
    }

    /** How many {@code GetSecretValue} requests asked for {@code secretId}. */
    public int requestsFor(String secretId) {
        return server.countRequestsMatching(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(GET_SECRET_VALUE))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId))).build()).getCount();
    }

    /** How many requests of any kind it has received. */
    public int requests() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
