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
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * Secrets in AWS: a secret variable may be given directly ({@code GEMINI_API_KEY}) or as a Secrets Manager secret
 * ({@code GEMINI_API_KEY_SECRET_ID}); the values are fetched once, with Powertools' secrets provider. The RDS-managed
 * database secret is JSON: its {@code username} and {@code password} fill {@code DATABASE_USER} and
 * {@code DATABASE_PASSWORD}. SSM parameters ({@code *_PARAMETER}) are refused with a clear message: the SSM client
 * alone was 5.4 MB of the 25 MB deployment jar.
 */
public final class Secrets {

    public static final List<String> SECRET_VARIABLES = List.of("GEMINI_API_KEY", "OPENAI_API_KEY", "SUNO_API_KEYS",
            "SUNO_KEY_ENCRYPTION_KEY", DatabaseConfig.PASSWORD);

    private Secrets() {
    }

    /** The environment with every secret reference replaced by its value, fetched from AWS. */
    public static Env resolve(Env env) {
        refuseParameters(env);
        if (SECRET_VARIABLES.stream().noneMatch(name -> env.optional(name + "_SECRET_ID").isPresent())) {
            return env;
        }
        SecretsProvider secrets = secretsProvider(env);
        return resolve(env, secrets::get);
    }

    /** The same with the lookup given (tests, or callers with their own client). */
    public static Env resolve(Env env, UnaryOperator<String> secretById) {
        refuseParameters(env);
        Map<String, String> values = new HashMap<>(env.values());
        for (String name : SECRET_VARIABLES) {
            if (env.optional(name).isPresent()) {
                continue;
            }
            String value = env.optional(name + "_SECRET_ID").map(secretById).orElse(null);
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

    private static void refuseParameters(Env env) {
        for (String name : SECRET_VARIABLES) {
            if (env.optional(name + "_PARAMETER").isPresent()) {
                throw new ConfigException(name + "_PARAMETER is set, but SSM parameters are not supported: store the value "
                        + "in Secrets Manager and set " + name + "_SECRET_ID to the secret's name or ARN");
            }
        }
    }

    /**
     * Reads a secret's current value on each call, without a cache (for the rare read again after a rotation); the
     * client is built on the first call, so a process that never needs it pays nothing.
     */
    public static UnaryOperator<String> reader(Env env) {
        return new UnaryOperator<>() {
            private SecretsManagerClient client;

            @Override
            public synchronized String apply(String secretId) {
                if (client == null) {
                    client = client(env);
                }
                return client.getSecretValue(r -> r.secretId(secretId)).secretString();
            }
        };
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
        return SecretsProvider.builder().withClient(client(env)).build();
    }

    private static SecretsManagerClient client(Env env) {
        SecretsManagerClientBuilder client = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(env.string("AWS_REGION", "us-east-1")));
        env.optional("AWS_ENDPOINT_URL_SECRETS_MANAGER").ifPresent(url -> client.endpointOverride(URI.create(url)));
        return client.build();
    }
}
