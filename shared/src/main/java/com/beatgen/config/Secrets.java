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
            if (!name.equals(DatabaseConfig.PASSWORD) && env.optional(name).isEmpty()) {
                env.optional(name + "_SECRET_ID").map(secretById).ifPresent(value -> values.put(name, value));
            }
        }
        Env resolved = new Env(values);
        if (env.optional(DatabaseConfig.PASSWORD).isPresent()) {
            return resolved;
        }
        return env.optional(DatabaseConfig.PASSWORD_SECRET_ID).map(secretById)
                .map(secret -> withDatabaseCredentials(resolved, secret)).orElse(resolved);
    }

    /**
     * One secret, read only when a function wires what needs it: the variable itself, else its Secrets Manager secret
     * ({@code NAME_SECRET_ID}) through {@code lookup}; empty when neither is set.
     */
    public static java.util.Optional<String> value(Env env, String name, UnaryOperator<String> lookup) {
        if (env.optional(name + "_PARAMETER").isPresent()) {
            throw new ConfigException(name + "_PARAMETER is set, but SSM parameters are not supported: store the value "
                    + "in Secrets Manager and set " + name + "_SECRET_ID to the secret's name or ARN");
        }
        return env.optional(name).or(() -> env.optional(name + "_SECRET_ID").map(lookup));
    }

    /** {@link #value} for a secret the caller cannot do without. */
    public static String required(Env env, String name, UnaryOperator<String> lookup) {
        env.note(name, Env.Read.REQUIRED);
        return value(env, name, lookup).orElseThrow(() -> new ConfigException(name + " is not set (nor " + name + "_SECRET_ID)"));
    }

    /**
     * The database settings. The password is {@code DATABASE_PASSWORD} or the secret {@code DATABASE_PASSWORD_SECRET_ID},
     * whose JSON form (the RDS-managed secret) also names the user.
     */
    public static DatabaseConfig database(Env env, UnaryOperator<String> lookup) {
        String url = env.required(DatabaseConfig.URL);
        Env resolved = value(env, DatabaseConfig.PASSWORD, lookup).map(secret -> withDatabaseCredentials(env, secret)).orElse(env);
        return DatabaseConfig.parse(url, resolved);
    }

    /**
     * {@code env} with the database password of {@code secret}: the RDS-managed secret is JSON, whose {@code password}
     * it is and whose {@code username} becomes {@code DATABASE_USER} unless that is set; any other secret is the password.
     */
    private static Env withDatabaseCredentials(Env env, String secret) {
        JsonNode json = json(secret);
        if (json == null || !json.hasNonNull("password")) {
            return env.with(DatabaseConfig.PASSWORD, secret);
        }
        Env resolved = env.with(DatabaseConfig.PASSWORD, json.get("password").asText());
        return env.optional(DatabaseConfig.USER).isEmpty() && json.hasNonNull("username")
                ? resolved.with(DatabaseConfig.USER, json.get("username").asText()) : resolved;
    }

    /** Secrets Manager through Powertools' provider (cached), its client created on the first lookup. */
    public static UnaryOperator<String> awsLookup(Env env) {
        SecretsProvider[] provider = new SecretsProvider[1];
        return id -> {
            synchronized (provider) {
                if (provider[0] == null) {
                    provider[0] = secretsProvider(env);
                }
                return provider[0].get(id);
            }
        };
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
