package com.beatgen.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.beatgen.functions.api.ApiHandler;
import com.beatgen.keys.KeyCipher;
import com.beatgen.wiring.Components;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege, derived from the code: each function's wiring ({@code wire(Components)}) is applied to components
 * whose environment reports every read, and what it read is compared with what {@code infrastructure/template.yaml}
 * gives that function. A variable the wiring requires must be in the template; a variable (or secret) the template
 * gives must be read by the wiring; a secret may be read only by the functions the template grants it to; the beats
 * bucket is granted exactly to the functions that read {@code BEATS_BUCKET}.
 */
class FunctionWiringTest {

    /** Variables of the platform, not of the application's wiring. */
    private static final Set<String> RUNTIME = Set.of("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_LOG_LEVEL",
            "POWERTOOLS_METRICS_NAMESPACE", "JAVA_TOOL_OPTIONS");
    /**
     * The migration reads its configuration while it runs (Flyway, the first catalog load), not when it is wired; the
     * listening room serves static files (WebAssets.fromEnv: WEB_BASE_PATH, WEB_API_URL) and has no wiring at all.
     */
    private static final Set<String> NOT_WIRED = Set.of("MigrationFunction", "ListeningRoomFunction");

    private static JsonNode template;
    private static Database database;
    private static DatabaseConfig databaseConfig;

    @BeforeAll
    static void read() throws IOException {
        template = new YAMLMapper().readTree(Path.of("../infrastructure/template.yaml").toFile());
        databaseConfig = TestDatabase.freshConfig();
        database = Database.connect(databaseConfig);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static Stream<Arguments> functions() {
        Map<String, String> handlers = new TreeMap<>();
        template.get("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText()) && !NOT_WIRED.contains(e.getKey())) {
                handlers.put(e.getKey(), e.getValue().at("/Properties/Handler").asText().replaceFirst("::.*$", ""));
            }
        });
        return handlers.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void theTemplateGivesEachFunctionExactlyWhatItsWiringReads(String function, String handler) throws Exception {
        Map<String, Env.Read> reads = reads(wiring(function, Class.forName(handler)));
        Map<String, String> given = environment(function);

        Set<String> required = new TreeSet<>();
        reads.forEach((name, read) -> {
            if (read == Env.Read.REQUIRED) {
                required.add(name);
            }
        });
        Set<String> givenNames = new TreeSet<>();
        given.keySet().forEach(name -> givenNames.add(logical(name)));
        assertThat(givenNames).as("%s: variables its wiring requires", function).containsAll(required);
        assertThat(reads.keySet()).as("%s: variables the template gives it that its wiring never reads", function)
                .containsAll(givenNames);

        Set<String> secretsRead = new TreeSet<>();
        given.forEach((name, value) -> {
            if (name.endsWith("_SECRET_ID") && reads.containsKey(logical(name))) {
                secretsRead.add(value);
            }
        });
        assertThat(grants(function, "AWSSecretsManagerGetSecretValuePolicy", "SecretArn"))
                .as("%s: secrets the template lets it read", function).isEqualTo(secretsRead);

        boolean readsBucket = reads.containsKey("BEATS_BUCKET");
        assertThat(policyText(function).contains("BeatsBucket"))
                .as("%s: access to the beats bucket (its wiring %s BEATS_BUCKET)", function, readsBucket ? "reads" : "does not read")
                .isEqualTo(readsBucket);
    }

    /**
     * What {@code handler} builds, from its {@code wire(Components)}; an API function's handler builds the service of the
     * function it is named after, which must be the template's.
     */
    private static Function<Components, ?> wiring(String function, Class<?> handler) throws NoSuchMethodException {
        if (ApiHandler.class.isAssignableFrom(handler)) {
            String served = ApiHandler.functionOf(handler.asSubclass(ApiHandler.class));
            assertThat(served).as("the function %s serves", handler.getSimpleName()).isEqualTo(function);
            return components -> ApiHandler.wire(components, served);
        }
        Method wire = handler.getDeclaredMethod("wire", Components.class);
        wire.setAccessible(true);
        return components -> {
            try {
                return wire.invoke(null, components);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
            }
        };
    }

    /** Every variable the wiring read, and how (a required read wins over an optional one). */
    private static Map<String, Env.Read> reads(Function<Components, ?> wiring) {
        Map<String, String> values = new HashMap<>();
        values.put(DatabaseConfig.URL, databaseConfig.jdbcUrl());
        if (databaseConfig.user() != null) {
            values.put(DatabaseConfig.USER, databaseConfig.user());
        }
        if (databaseConfig.password() != null) {
            values.put(DatabaseConfig.PASSWORD, databaseConfig.password());
        }
        values.put("GEMINI_API_KEY", "gemini-key-for-the-wiring-test");
        values.put("OPENAI_API_KEY", "openai-key-for-the-wiring-test");
        values.put(KeyCipher.VARIABLE, KeyCipher.newDataKey());
        values.put("SUNO_CALLBACK_KEY", "callback-key-for-the-wiring-test");
        values.put("API_BASE_URL", "https://example.com/prod");
        values.put("BEATS_BUCKET", "beats");
        values.put("AWS_REGION", "us-east-1");
        Map<String, Env.Read> reads = new LinkedHashMap<>();
        Env env = new Env(values).observed((name, read) -> reads.merge(logical(name), read,
                (a, b) -> a == Env.Read.REQUIRED || b == Env.Read.REQUIRED ? Env.Read.REQUIRED : Env.Read.OPTIONAL));
        try (Components components = new Components(env, Clock.systemUTC(), id -> {
            throw new AssertionError("no secret lookups: the values are given");
        }, null)) {
            wiring.apply(components);
        }
        return reads;
    }

    /** The function's environment: the globals and its own, without the platform's variables. */
    private static Map<String, String> environment(String function) {
        Map<String, String> env = new TreeMap<>();
        template.at("/Globals/Function/Environment/Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        template.at("/Resources/" + function + "/Properties/Environment/Variables").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        RUNTIME.forEach(env::remove);
        return env;
    }

    /** {@code GEMINI_API_KEY_SECRET_ID} is how the template gives {@code GEMINI_API_KEY}. */
    private static String logical(String name) {
        return name.endsWith("_SECRET_ID") ? name.substring(0, name.length() - "_SECRET_ID".length())
                : name.endsWith("_PARAMETER") ? name.substring(0, name.length() - "_PARAMETER".length()) : name;
    }

    private static Set<String> grants(String function, String policy, String field) {
        Set<String> values = new TreeSet<>();
        template.at("/Resources/" + function + "/Properties/Policies").forEach(p -> {
            if (p.has(policy)) {
                values.add(p.get(policy).get(field).asText());
            }
        });
        return values;
    }

    private static String policyText(String function) {
        return template.at("/Resources/" + function + "/Properties/Policies").toString();
    }
}
