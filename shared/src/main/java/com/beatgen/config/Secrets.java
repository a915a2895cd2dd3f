package com.beatgen.config;

import com.beatgen.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Secrets in AWS: a secret variable may be given directly ({@code GEMINI_API_KEY}), as a Secrets Manager secret
 * ({@code GEMINI_API_KEY_SECRET_ID}) or as an SSM SecureString parameter ({@code GEMINI_API_KEY_PARAMETER}); the
 * values are fetched once, with Powertools' parameter providers. The RDS-managed database secret is JSON: its
 * {@code username} and {@code password} fill {@code DATABASE_USER} and {@code DATABASE_PASSWORD}.
 */
public final class Secrets {

    public static final List<String> SECRET_VARIABLES = List.of("GEMINI_API_KEY", "OPENAI_API_KEY", "SUNO_API_KEYS",
            "SUNO_KEY_ENCRYPTION_KEY", DatabaseConfig.PASSWORD);

    private Secrets() {
    }

    /** The environment with every secret reference replaced by its value, fetched from AWS. */
    public static Env resolve(Env env) {
        boolean anyReference = SECRET_VARIABLES.stream().anyMatch(name ->
                env.optional(name + "_SECRET_ID").isPresent() || env.optional(name + "_PARAMETER").isPresent());
        if (!anyReference) {
            return env;
        }
        return resolve(env, id -> secretsProvider(env).get(id), name -> ssmProvider(env).get(name));
    }

    /** The same with the lookups given (tests, or callers with their own clients). */
    public static Env resolve(Env env, UnaryOperator<String> secretById, UnaryOperator<String> parameterByName) {
        Map<String, String> values = new HashMap<>(env.values());
        for (String name : SECRET_VARIABLES) {
            if (env.optional(name).isPresent()) {
                continue;
            }
            String value = env.optional(name + "_SECRET_ID").map(secretById)
                    .or(() -> env.optional(name + "_PARAMETER").map(parameterByName))
                    .orElse(null);
            if (value == null) {
                continue;
            }
            if (name.equals(DatabaseConfig.PASSWORD)) {
                JsonNode json = json(value);
                if (json != null && json.hasNonNull("password")) {
                    value = json.get("password").asText();
                    if (env.optional(DatabaseConfig.USER).isEmpty() && json.hasNonNull("username")) {
                        values.put(DatabaseConfig.USER, json.get("username").asText());
                    }
                }
            }
            values.put(name, value);
        }
        return new Env(values);
    }

    private static JsonNode json(String value) {
        if (!value.strip().startsWith("{")) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static SecretsProvider secretsProvider(Env env) {
        SecretsManagerClientBuilder client = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(env.string("AWS_REGION", "us-east-1")));
        env.optional("AWS_ENDPOINT_URL_SECRETS_MANAGER").ifPresent(url -> client.endpointOverride(URI.create(url)));
        return SecretsProvider.builder().withClient(client.build()).build();
    }

    private static SSMProvider ssmProvider(Env env) {
        SsmClientBuilder client = SsmClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(env.string("AWS_REGION", "us-east-1")));
        env.optional("AWS_ENDPOINT_URL_SSM").ifPresent(url -> client.endpointOverride(URI.create(url)));
        return SSMProvider.builder().withClient(client.build()).build().withDecryption();
    }
}
