package com.beatgen.api;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.config.Secrets;
import com.beatgen.db.Database;
import com.beatgen.db.DatabaseUnavailableException;
import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.storage.S3Clients;
import com.beatgen.provider.CircuitBreakers;
import com.beatgen.provider.ProviderException;
import com.beatgen.provider.ProviderHttp;
import com.beatgen.provider.Redactor;
import com.beatgen.provider.suno.SunoClient;
import com.beatgen.keys.SunoGateway;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The REST API (seed properties 32–36) as one plain service: rate limit → route (method, path) → validate → query.
 * Every answer is JSON; every error is problem+json without stack traces or SQL. The operations are defined by
 * {@code infrastructure/openapi.yaml}.
 */
public final class ApiService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiService.class);
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final Set<String> BEAT_FILTERS = Set.of("genre", "style", "mood", "tags", "cursor", "page", "pageSize");
    private static final Set<String> PROMPT_FILTERS = Set.of("templateId", "genre", "style", "mood", "tags", "page", "pageSize");
    private static final Set<String> TEMPLATE_FILTERS = Set.of("genre", "style", "mood", "active", "page", "pageSize");
    private static final Set<String> JOB_FILTERS = Set.of("status", "page", "pageSize");

    private final Jdbi jdbi;
    private final Clock clock;
    private final RateLimiter rateLimiter;
    private final int rateLimitMax;
    private final Duration rateLimitWindow;
    private final AdminAuth adminAuth;
    private final BeatQueries beats;
    private final PromptQueries prompts;
    private final TemplateQueries templates;
    private final JobQueries jobs;
    private final StatsService stats;
    private final Supplier<KeyAdmin> keys;
    private final AutoCloseable resources;

    /** @param keys the admin key routes, created on first use (only the admin function has the encryption key) */
    public ApiService(Jdbi jdbi, ApiConfig config, AudioLinks audio, Supplier<KeyAdmin> keys, Clock clock, AutoCloseable resources) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.rateLimiter = new RateLimiter(jdbi, clock, config.rateLimitWindow(), config.rateLimitMaxRequests());
        this.rateLimitMax = config.rateLimitMaxRequests();
        this.rateLimitWindow = config.rateLimitWindow();
        this.adminAuth = new AdminAuth(config.adminToken());
        this.beats = new BeatQueries(jdbi, audio, config.countCacheTtl(),
                () -> java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(clock.millis()));
        this.prompts = new PromptQueries(jdbi);
        this.templates = new TemplateQueries(jdbi, config.scheduleInterval());
        this.jobs = new JobQueries(jdbi);
        this.stats = new StatsService(jdbi, clock, config.statsCacheTtl());
        this.keys = memoize(keys);
        this.resources = resources;
    }

    /** The wiring Lambda uses: database, presigner and settings from the environment. */
    public static ApiService fromEnv(Env raw) {
        Env env = Secrets.resolve(raw);
        Database database = Database.connect(DatabaseConfig.fromEnv(env));
        Clock clock = Clock.systemUTC();
        ApiConfig config = ApiConfig.fromEnv(env);
        S3Presigner presigner = presigner(env);
        Jdbi jdbi = database.jdbi();
        Supplier<KeyAdmin> keys = () -> {
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
                    env.string("SUNO_MODEL", "V4_5"), env.string("SUNO_CALLBACK_URL", "https://example.invalid/callback"));
            SunoGateway gateway = new SunoGateway(suno, pool, clock, Duration.ofSeconds(60), Duration.ofHours(1));
            return new KeyAdmin(pool, gateway::refreshCredits);
        };
        return new ApiService(jdbi, config, new AudioLinks(presigner, config.audioUrlTtl(), clock), keys, clock, () -> {
            presigner.close();
            database.close();
        });
    }

    /** Presigned URLs for the region's endpoint in AWS, or {@code S3_ENDPOINT_URL} (path-style) for a local S3. */
    public static S3Presigner presigner(Env env) {
        S3Presigner.Builder builder = S3Presigner.builder().region(Region.of(env.string("AWS_REGION", "us-east-1")));
        env.optional(S3Clients.ENDPOINT).ifPresent(endpoint -> {
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
            if (env.optional("AWS_ACCESS_KEY_ID").isEmpty()) {
                builder.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Clients.LOCAL_ACCESS_KEY, S3Clients.LOCAL_SECRET_KEY)));
            }
        });
        return builder.build();
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            RateLimiter.Decision decision = rateLimiter.acquire(request.sourceIp());
            if (!decision.allowed()) {
                throw new ApiException(Problem.of(429, "Too Many Requests", "At most " + rateLimitMax + " requests per "
                        + rateLimitWindow.toSeconds() + " s from one address; retry in " + decision.retryAfter().toSeconds() + " s"), Map.of("Retry-After", String.valueOf(decision.retryAfter().toSeconds())));
            }
            return route(request);
        } catch (ApiException e) {
            return e.response();
        } catch (DatabaseUnavailableException | ConnectionException e) {
            log.error("Database unavailable for {} {}: {}", request.method(), request.path(), e.getMessage());
            return ApiResponse.problem(Problem.of(503, "Service Unavailable", "The database is not reachable; try again later"),
                    Map.of("Retry-After", "5"));
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            log.error("Request {} {} failed (incident {})", request.method(), request.path(), incident, e);
            return ApiResponse.problem(Problem.of(500, "Internal Server Error", "Unexpected error; incident " + incident), Map.of());
        }
    }

    private ApiResponse route(ApiRequest request) {
        List<String> path = segments(request.path());
        String method = request.method();
        if (path.size() < 2 || !path.get(0).equals("api")) {
            throw notFound(request);
        }
        String resource = path.get(1);
        int depth = path.size();
        switch (resource) {
            case "beats" -> {
                if (depth == 2) {
                    allow(method, "GET");
                    return listBeats(request);
                }
                if (depth == 3) {
                    allow(method, "GET");
                    return getBeat(request, path.get(2));
                }
            }
            case "stats", "prompts", "templates", "jobs", "health" -> {
                if (depth == 2) {
                    allow(method, "GET");
                    return switch (resource) {
                        case "stats" -> ok(request, Set.of(), () -> stats.stats());
                        case "prompts" -> listPrompts(request);
                        case "templates" -> listTemplates(request);
                        case "jobs" -> listJobs(request);
                        default -> ok(request, Set.of(), this::health);
                    };
                }
            }
            case "keys" -> {
                if (depth == 2) {
                    allow(method, "GET", "POST");
                    adminAuth.check(request);
                    noQuery(request);
                    return method.equals("GET") ? ApiResponse.json(200, keys.get().list())
                            : ApiResponse.json(201, keys.get().add(request.body()));
                }
                if (depth == 3) {
                    allow(method, "PATCH");
                    adminAuth.check(request);
                    noQuery(request);
                    return ApiResponse.json(200, keys.get().update(id(request, path.get(2), "Key"), request.body()));
                }
                if (depth == 4 && path.get(3).equals("refresh")) {
                    allow(method, "POST");
                    adminAuth.check(request);
                    noQuery(request);
                    try {
                        return ApiResponse.json(200, keys.get().refresh(id(request, path.get(2), "Key")));
                    } catch (ProviderException e) {
                        log.warn("Credit refresh failed: {}", e.errorName());
                        throw new ApiException(Problem.of(502, "Bad Gateway", "Suno did not return the key's credits ("
                                + e.errorName() + ")"));
                    }
                }
            }
            default -> {
                // no such resource
            }
        }
        throw notFound(request);
    }

    private ApiResponse listBeats(ApiRequest request) {
        QueryParams params = new QueryParams(request, BEAT_FILTERS);
        BeatQueries.Filter filter = new BeatQueries.Filter(params.text("genre", 100), params.text("style", 100),
                params.text("mood", 100), params.tags("tags"));
        Page page = params.page();
        params.validate();
        return ApiResponse.json(200, beats.list(filter, page));
    }

    private ApiResponse getBeat(ApiRequest request, String rawId) {
        noQuery(request);
        String id = id(request, rawId, "Beat");
        return ApiResponse.json(200, beats.detail(id).orElseThrow(() -> ApiException.notFound("Beat " + id)));
    }

    private ApiResponse listPrompts(ApiRequest request) {
        QueryParams params = new QueryParams(request, PROMPT_FILTERS);
        PromptQueries.Filter filter = new PromptQueries.Filter(params.text("templateId", 160), params.text("genre", 100),
                params.text("style", 100), params.text("mood", 100), params.tags("tags"));
        Page page = params.page();
        params.validate();
        return ApiResponse.json(200, prompts.list(filter, page));
    }

    private ApiResponse listTemplates(ApiRequest request) {
        QueryParams params = new QueryParams(request, TEMPLATE_FILTERS);
        TemplateQueries.Filter filter = new TemplateQueries.Filter(params.text("genre", 100), params.text("style", 100),
                params.text("mood", 100), params.bool("active", true));
        Page page = params.page();
        params.validate();
        return ApiResponse.json(200, templates.list(filter, page));
    }

    private ApiResponse listJobs(ApiRequest request) {
        QueryParams params = new QueryParams(request, JOB_FILTERS);
        var status = params.oneOf("status", JobQueries.STATUSES);
        Page page = params.page();
        params.validate();
        return ApiResponse.json(200, jobs.list(status, page));
    }

    private Map<String, Object> health() {
        jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        return Map.of("status", "ok", "database", "up", "time", clock.instant().toString());
    }

    private static ApiResponse ok(ApiRequest request, Set<String> allowed, Supplier<Map<String, Object>> body) {
        new QueryParams(request, allowed).validate();
        return ApiResponse.json(200, body.get());
    }

    private static void noQuery(ApiRequest request) {
        new QueryParams(request, Set.of()).validate();
    }

    /** The id from the path (API Gateway's pathParameters when given); ids are UUIDs, anything else does not exist. */
    private static String id(ApiRequest request, String fromPath, String what) {
        String id = request.pathParameters().getOrDefault("id", fromPath);
        if (!UUID_SHAPE.matcher(id).matches()) {
            throw ApiException.notFound(what + " " + id);
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }

    private static void allow(String method, String... allowed) {
        if (!Arrays.asList(allowed).contains(method)) {
            throw new ApiException(Problem.of(405, "Method Not Allowed", method + " is not supported here"),
                    Map.of("Allow", String.join(", ", allowed)));
        }
    }

    private static ApiException notFound(ApiRequest request) {
        return new ApiException(Problem.of(404, "Not Found", "No route for " + request.method() + " " + request.path()));
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
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
