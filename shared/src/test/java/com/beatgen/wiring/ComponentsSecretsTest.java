package com.beatgen.wiring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.TestDatabase;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lambda's wiring reads the database secret once per process: components built again after a SnapStart restore connect
 * with the credentials read before the snapshot, without a call to Secrets Manager in the first invocation.
 */
class ComponentsSecretsTest {

    private static WireMockServer aws;

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        aws = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        aws.start();
    }

    @AfterAll
    static void stop() {
        aws.stop();
    }

    @Test
    void componentsBuiltAgainInTheSameProcessConnectWithTheDatabaseSecretReadTheFirstTime() {
        DatabaseConfig database = TestDatabase.freshConfig();
        String secretId = "rds!db-" + UUID.randomUUID(); // the process-wide memory is keyed by secret id
        String secret = Json.write(Map.of("username", database.user(), "password", database.password()));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(Json.write(Map.of("Name", secretId, "SecretString", secret)))));
        Env env = new Env(Map.of(DatabaseConfig.URL, database.jdbcUrl(), DatabaseConfig.PASSWORD_SECRET_ID, secretId,
                "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.baseUrl()));

        for (int build = 1; build <= 2; build++) { // INIT (or the priming before a snapshot), then the first call after restore
            try (Components components = Components.fromEnv(env)) {
                int one = components.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
                assertThat(one).isEqualTo(1);
            }
        }

        aws.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId))));
    }
}
