package com.beatgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secret references resolved through the real AWS SDK client, against Secrets Manager's wire protocol. */
class SecretsTest {

    private static SecretsManagerWireMock aws;

    @BeforeAll
    static void start() {
        aws = SecretsManagerWireMock.start()
                .secret("beatgen/gemini", "gemini-from-secrets-manager")
                .secret("rds!db-123", "{\"username\":\"admin\",\"password\":\"rds-pass\"}")
                .secret("arn:aws:secretsmanager:us-east-1:1:secret:beatgen/openai", "openai-from-secrets-manager");
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void resolvesSecretsManagerSecretsByNameOrArnAndTheRdsSecret() {
        Env env = new Env(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint(),
                "GEMINI_API_KEY_SECRET_ID", "beatgen/gemini",
                "OPENAI_API_KEY_SECRET_ID", "arn:aws:secretsmanager:us-east-1:1:secret:beatgen/openai",
                "DATABASE_PASSWORD_SECRET_ID", "rds!db-123",
                "SUNO_API_KEYS", "given-directly"));
        Env resolved = Secrets.resolve(env);
        assertThat(resolved.required("GEMINI_API_KEY")).isEqualTo("gemini-from-secrets-manager");
        assertThat(resolved.required("OPENAI_API_KEY")).isEqualTo("openai-from-secrets-manager");
        assertThat(resolved.required("DATABASE_PASSWORD")).isEqualTo("rds-pass");
        assertThat(resolved.required("DATABASE_USER")).isEqualTo("admin");
        assertThat(resolved.required("SUNO_API_KEYS")).isEqualTo("given-directly");
    }

    @Test
    void anSsmParameterReferenceIsRefusedWithAClearMessageAndNoAwsCall() {
        int before = aws.requests();
        Env env = new Env(Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint(),
                "GEMINI_API_KEY_SECRET_ID", "beatgen/gemini", "OPENAI_API_KEY_PARAMETER", "/beatgen/openai"));
        assertThatThrownBy(() -> Secrets.resolve(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("OPENAI_API_KEY_PARAMETER").hasMessageContaining("OPENAI_API_KEY_SECRET_ID");
        assertThat(aws.requests()).isEqualTo(before);
    }

    @Test
    void aValueGivenDirectlyWinsAndNoReferenceMeansNoAwsCall() {
        int before = aws.requests();
        Env env = new Env(Map.of("GEMINI_API_KEY", "direct"));
        assertThat(Secrets.resolve(env)).isSameAs(env);
        assertThat(aws.requests()).isEqualTo(before);
    }
}
