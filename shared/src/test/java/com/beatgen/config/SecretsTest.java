package com.beatgen.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secret references resolved through the real AWS SDK clients, against Secrets Manager's and SSM's wire protocol. */
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
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"Parameter\":{\"Name\":\"/beatgen/openai\",\"Type\":\"SecureString\",\"Value\":\"openai-from-ssm\",\"Version\":1}}")));
    }

    @AfterAll
    static void stop() {
        aws.stop();
    }

    @Test
    void resolvesSecretsManagerSecretsSsmParametersAndTheRdsSecret() {
        Env env = new Env(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.baseUrl(),
                "AWS_ENDPOINT_URL_SSM", aws.baseUrl(),
                "GEMINI_API_KEY_SECRET_ID", "beatgen/gemini",
                "OPENAI_API_KEY_PARAMETER", "/beatgen/openai",
                "DATABASE_PASSWORD_SECRET_ID", "rds!db-123",
                "SUNO_API_KEYS", "given-directly"));
        Env resolved = Secrets.resolve(env);
        assertThat(resolved.required("GEMINI_API_KEY")).isEqualTo("gemini-from-secrets-manager");
        assertThat(resolved.required("OPENAI_API_KEY")).isEqualTo("openai-from-ssm");
        assertThat(resolved.required("DATABASE_PASSWORD")).isEqualTo("rds-pass");
        assertThat(resolved.required("DATABASE_USER")).isEqualTo("admin");
        assertThat(resolved.required("SUNO_API_KEYS")).isEqualTo("given-directly");
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .withRequestBody(matchingJsonPath("$.WithDecryption", equalTo("true"))));
    }

    @Test
    void aValueGivenDirectlyWinsAndNoReferenceMeansNoAwsCall() {
        int before = aws.getAllServeEvents().size();
        Env env = new Env(Map.of("GEMINI_API_KEY", "direct"));
        assertThat(Secrets.resolve(env)).isSameAs(env);
        assertThat(aws.getAllServeEvents()).hasSize(before);
    }
}
