package com.beatgen.api;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.config.Secrets;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.SunoGateway;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.provider.CircuitBreakers;
import com.beatgen.provider.ProviderHttp;
import com.beatgen.provider.Redactor;
import com.beatgen.provider.suno.SunoClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * What the API functions are built from (database, settings, audio links, the key pool for the admin function, the
 * clock) and the {@link ApiService} of each function, created on first use with only its own operations.
 */
public final class ApiWiring implements AutoCloseable {

    private final Jdbi jdbi;
    private final ApiConfig config;
    private final AudioLinks audio;
    private final Supplier<KeyAdmin> keys;
    private final Clock clock;
    private final AutoCloseable resources;
    private final RateLimiter rateLimiter;
    private final Map<String, ApiService> services = new ConcurrentHashMap<>();

    /** @param keys the admin key service, created on first use (only the admin function has the encryption key) */
    public ApiWiring(Jdbi jdbi, ApiConfig config, AudioLinks audio, Supplier<KeyAdmin> keys, Clock clock, AutoCloseable resources) {
        this.jdbi = jdbi;
        this.config = config;
        this.audio = audio;
        this.keys = memoize(keys);
        this.clock = clock;
        this.resources = resources;
        this.rateLimiter = new RateLimiter(jdbi, clock, config.rateLimitWindow(), config.rateLimitMaxRequests());
    }

    /** The wiring Lambda uses: database, presigner and settings from the environment. */
    public static ApiWiring fromEnv(Env raw) {
        Env env = Secrets.resolve(raw);
        Database database = Database.connect(DatabaseConfig.fromEnv(env));
        Clock clock = Clock.systemUTC();
        ApiConfig config = ApiConfig.fromEnv(env);
        S3Presigner presigner = Presigners.fromEnv(env);
        Jdbi jdbi = database.jdbi();
        return new ApiWiring(jdbi, config, new AudioLinks(presigner, config.audioUrlTtl(), clock), () -> keyAdmin(env, jdbi, clock),
                clock, () -> {
                    presigner.close();
                    database.close();
                });
    }

    /** The service of one function of the template (e.g. {@code BeatsApiFunction}). */
    public ApiService service(String function) {
        return services.computeIfAbsent(function, f -> {
            ApiRoutes routes = ApiRoutes.of(f);
            Set<String> operationIds = new HashSet<>();
            routes.routes().forEach(r -> operationIds.add(r.operationId()));
            return new ApiService(routes, rateLimiter, config, ApiOperations.of(operationIds, jdbi, config, audio, keys, clock));
        });
    }

    private static KeyAdmin keyAdmin(Env env, Jdbi jdbi, Clock clock) {
        ExecutionLog executionLog = new ExecutionLog(jdbi, clock);
        SunoKeyPool pool = new SunoKeyPool(jdbi, KeyCipher.fromBase64(env.required(KeyCipher.VARIABLE)), Redactor.none(),
                executionLog, clock, env.integer("SUNO_GENERATION_COST", 12, 1, 10_000));
        Duration connect = Duration.ofMillis(env.longValue("PROVIDER_CONNECT_TIMEOUT_MS", 3_000, 100, 60_000));
        ProviderHttp http = new ProviderHttp(ProviderHttp.newClient(connect),
                Duration.ofMillis(env.longValue("PROVIDER_READ_TIMEOUT_MS", 30_000, 100, 120_000)),
                new CircuitBreakers(jdbi, clock, env.integer("CIRCUIT_BREAKER_THRESHOLD", 5, 1, 1_000),
                        Duration.ofSeconds(env.longValue("CIRCUIT_BREAKER_COOLDOWN_SECONDS", 300, 1, 86_400))),
                executionLog, Redactor.none(), clock);
        SunoClient suno = new SunoClient(http, env.string("SUNO_BASE_URL", "https://api.sunoapi.org").replaceAll("/+$", ""),
                env.string("SUNO_MODEL", "V4_5"));
        SunoGateway gateway = new SunoGateway(suno, pool, new com.beatgen.keys.SubmissionRepository(jdbi, clock), clock,
                Duration.ofSeconds(60), Duration.ofHours(1));
        return new KeyAdmin(pool, gateway::refreshCredits);
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
