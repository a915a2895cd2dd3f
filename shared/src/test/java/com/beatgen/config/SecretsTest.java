package com.beatgen.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secret references resolved through the real AWS SDK client, against Secrets Manager's wire protocol. */
class SecretsTest {

    private static WireMockServer aws;

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        aws = new WireMockServer(options().dynamicPort());
        aws.start();
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo("beatgen/gemini")))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:1:secret:beatgen/gemini\",\"Name\":\"beatgen/gemini\","
                                + "\"SecretString\":\"gemini-from-secrets-manager\"}")));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo("rds!db-123")))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"Name\":\"rds!db-123\",\"SecretString\":\"{\\\"username\\\":\\\"admin\\\",\\\"password\\\":\\\"rds-pass\\\"}\"}")));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo("arn:aws:secretsmanager:us-east-1:1:secret:beatgen/openai")))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"Name\":\"beatgen/openai\",\"SecretString\":\"openai-from-secrets-manager\"}")));
    }

    @AfterAll
    static void stop() {
        aws.stop();
    }

    @Test
    void resolvesSecretsManagerSecretsByNameOrArnAndTheRdsSecret() {
        Env env = new Env(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.baseUrl(),
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
        int before = aws.getAllServeEvents().size();
        Env env = new Env(Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.baseUrl(),
                "GEMINI_API_KEY_SECRET_ID", "beatgen/gemini", "OPENAI_API_KEY_PARAMETER", "/beatgen/openai"));
        assertThatThrownBy(() -> Secrets.resolve(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("OPENAI_API_KEY_PARAMETER").hasMessageContaining("OPENAI_API_KEY_SECRET_ID");
        assertThat(aws.getAllServeEvents()).hasSize(before);
    }

    @Test
    void aValueGivenDirectlyWinsAndNoReferenceMeansNoAwsCall() {
        int before = aws.getAllServeEvents().size();
        Env env = new Env(Map.of("GEMINI_API_KEY", "direct"));
        assertThat(Secrets.resolve(env)).isSameAs(env);
        assertThat(aws.getAllServeEvents()).hasSize(before);
    }
}
