package com.beatgen.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.config.SecretsManagerWireMock;
import com.beatgen.db.TestDatabase;
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

    private static SecretsManagerWireMock aws;

    @BeforeAll
    static void start() {
        aws = SecretsManagerWireMock.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void componentsBuiltAgainInTheSameProcessConnectWithTheDatabaseSecretReadTheFirstTime() {
        DatabaseConfig database = TestDatabase.freshConfig();
        String secretId = "rds!db-" + UUID.randomUUID(); // the process-wide memory is keyed by secret id
        aws.secret(secretId, Json.write(Map.of("username", database.user(), "password", database.password())));
        Env env = new Env(Map.of(DatabaseConfig.URL, database.jdbcUrl(), DatabaseConfig.PASSWORD_SECRET_ID, secretId,
                "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint()));

        for (int build = 1; build <= 2; build++) { // INIT (or the priming before a snapshot), then the first call after restore
            try (Components components = Components.fromEnv(env)) {
                int one = components.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
                assertThat(one).isEqualTo(1);
            }
        }

        assertThat(aws.requestsFor(secretId)).isEqualTo(1);
    }
}
