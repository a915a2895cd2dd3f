package com.beatgen.wiring;

import com.beatgen.api.ApiConfig;
import com.beatgen.api.ApiService;
import com.beatgen.api.ApiWiring;
import com.beatgen.api.AudioLinks;
import com.beatgen.api.KeyAdmin;
import com.beatgen.api.Presigners;
import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.config.Env;
import com.beatgen.config.ProviderSettings;
import com.beatgen.config.ScheduleInterval;
import com.beatgen.config.Secrets;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.SunoGateway;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.pipeline.AudioService;
import com.beatgen.pipeline.BeatRepository;
import com.beatgen.pipeline.CallbackRepository;
import com.beatgen.pipeline.CallbackService;
import com.beatgen.pipeline.CallbackSigner;
import com.beatgen.keys.SubmissionRepository;
import com.beatgen.pipeline.ConceptService;
import com.beatgen.pipeline.ExecutionStatus;
import com.beatgen.pipeline.FailureService;
import com.beatgen.pipeline.Idempotency;
import com.beatgen.pipeline.JobRepository;
import com.beatgen.pipeline.MetadataService;
import com.beatgen.pipeline.MusicService;
import com.beatgen.pipeline.OrphanKeeper;
import com.beatgen.pipeline.PersistService;
import com.beatgen.pipeline.PromptRepository;
import com.beatgen.pipeline.PromptService;
import com.beatgen.pipeline.StartRunService;
import com.beatgen.pipeline.StepFunctionsExecutions;
import com.beatgen.provider.CircuitBreakers;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.ProviderHttp;
import com.beatgen.provider.Redactor;
import com.beatgen.provider.gemini.GeminiClient;
import com.beatgen.provider.openai.OpenAiClient;
import com.beatgen.provider.suno.SunoClient;
import com.beatgen.storage.S3Clients;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The composition root of one process (one Lambda execution environment, or the local stack): how the services are
 * built from the configuration. Everything is created on first request and once, so a function builds, and reads the
 * configuration and secrets of, only what its own service needs: PersistBeat never reads a provider key, GenerateConcept
 * never opens S3. {@code FunctionWiringTest} derives each function's environment from these reads and compares it
 * with the template.
 */
public final class Components implements AutoCloseable {

    /**
     * The database secret as this process first read it, by secret id ({@link #fromEnv}): kept across a SnapStart
     * snapshot, so that a restored function connects without calling Secrets Manager first.
     */
    private static final Map<String, String> DATABASE_SECRETS_READ = new ConcurrentHashMap<>();

    private final Env env;
    private final Clock clock;
    private final UnaryOperator<String> secrets;
    private final UnaryOperator<String> databaseSecrets;
    private final Map<String, Object> built = new HashMap<>();
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /**
     * @param database an open database to use instead of connecting from {@code DATABASE_URL} (the local stack and
     *                 tests share one); null to connect on first use
     */
    public Components(Env env, Clock clock, UnaryOperator<String> secretsById, Database database) {
        this(env, clock, secretsById, secretsById, database);
    }

    private Components(Env env, Clock clock, UnaryOperator<String> secretsById, UnaryOperator<String> databaseSecretsById,
                       Database database) {
        this.env = env;
        this.clock = clock;
        this.secrets = secretsById;
        this.databaseSecrets = databaseSecretsById;
        if (database != null) {
            built.put("database", database);
        }
    }

    /**
     * Lambda's wiring: the process environment, Secrets Manager for {@code *_SECRET_ID}, the system clock. The database
     * secret is read once per process: a function restored from a SnapStart snapshot builds its components again
     * (the snapshot holds no connection) but connects with the credentials read before the snapshot, not after a call
     * to Secrets Manager; if the secret was rotated since, MySQL refuses them and the pool reads it again
     * ({@link Database#connect}). Other secrets are read again by each build.
     */
    public static Components fromEnv(Env env) {
        UnaryOperator<String> aws = Secrets.awsLookup(env);
        return new Components(env, Clock.systemUTC(), aws, id -> DATABASE_SECRETS_READ.computeIfAbsent(id, aws), null);
    }

    public Env env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    // --- the step services, one per pipeline function

    public StartRunService startRun() {
        return once("startRun", () -> new StartRunService(jdbi(), jobs(), templates(), prompts(), keyPool(),
                suno()::checkUnknownCredits, breakers(), once("executionStatus", () -> StepFunctionsExecutions.forEnvironment(env)),
                orphans(), executionLog(), clock));
    }

    public ConceptService concept() {
        return once("concept", () -> new ConceptService(gemini(), jobs(), templates()));
    }

    public PromptService prompt() {
        return once("prompt", () -> new PromptService(openAi(), jobs(), templates(), prompts(), promptRules(), executionLog(), jdbi()));
    }

    /** SubmitMusic's: submits, so it signs the callback URL Suno requires with the stack's own API URL. */
    public MusicService musicSubmission() {
        return once("musicSubmission", () -> music(new CallbackSigner(secret(CallbackSigner.KEY), env.required(CallbackSigner.API_BASE_URL))));
    }

    /** PollMusic's: status checks only. */
    public MusicService music() {
        return once("music", () -> music(null));
    }

    private MusicService music(CallbackSigner signer) {
        return new MusicService(suno(), jobs(), templates(), prompts(), submissions(), callbacks(), promptRules(), executionLog(),
                clock, sunoSettings().callbackWait(), signer);
    }

    /** The Suno callback route's: verifies, records, and keeps the clips of a generation its job could not take. */
    public CallbackService callbackReceiver() {
        return once("callbackReceiver", () -> new CallbackService(new CallbackSigner(secret(CallbackSigner.KEY), null), callbacks(),
                jobs(), submissions(), orphans(), executionLog()));
    }

    /** Keeps the clips of paid generations no beat will take (the callback route, and StartRun failing a job). */
    public OrphanKeeper orphans() {
        return once("orphans", () -> new OrphanKeeper(suno(), submissions(), audio(), executionLog()));
    }

    public SubmissionRepository submissions() {
        return once("submissions", () -> new SubmissionRepository(jdbi(), clock));
    }

    public CallbackRepository callbacks() {
        return once("callbacks", () -> new CallbackRepository(jdbi(), clock));
    }

    public AudioService audio() {
        return once("audio", () -> new AudioService(suno(), jobs(), httpClient(), s3(), env.required(S3Clients.BEATS_BUCKET), clock,
                providerTimeouts().readTimeout().multipliedBy(2)));
    }

    public MetadataService metadata() {
        return once("metadata", () -> new MetadataService(gemini(), jobs(), templates(), promptRules(), executionLog(), clock));
    }

    public PersistService persist() {
        return once("persist", () -> new PersistService(jdbi(), jobs(), templates(), prompts(), new BeatRepository(),
                executionLog(), clock));
    }

    public FailureService failure() {
        return once("failure", () -> new FailureService(jdbi(), jobs(), prompts(), executionLog()));
    }

    /** Step results kept for replays of a retried invocation. */
    public Idempotency idempotency() {
        return once("idempotency", () -> new Idempotency(jdbi(), clock, Duration.ofHours(6), Duration.ofMinutes(3)));
    }

    public CatalogObjectSync catalogSync() {
        return once("catalogSync", () -> new CatalogObjectSync(jdbi(), s3(), CatalogObjectSync.maxBytes(env), clock,
                ScheduleInterval.fromEnv(env)));
    }

    // --- the API functions

    /**
     * The service of the API function {@code function} of the template (e.g. {@code BeatsApiFunction}): its own
     * operations, and with them only their collaborators (only the beat operations sign audio links, only the admin
     * function decrypts Suno keys).
     */
    public ApiService api(String function) {
        return once("api", () -> new ApiWiring(jdbi(), apiConfig(), this::audioLinks, this::keyAdmin, clock)).service(function);
    }

    public ApiConfig apiConfig() {
        return once("apiConfig", () -> ApiConfig.fromEnv(env));
    }

    /** Presigned links to the audio in the beats bucket. */
    public AudioLinks audioLinks() {
        return once("audioLinks", () -> new AudioLinks(opened(Presigners.fromEnv(env)), env.required(S3Clients.BEATS_BUCKET),
                apiConfig().audioUrlTtl(), clock));
    }

    /** The admin routes on the key pool; credits are refreshed through Suno. */
    public KeyAdmin keyAdmin() {
        return once("keyAdmin", () -> new KeyAdmin(keyPool(), suno()::refreshCredits));
    }

    /** How StartRun tells an ended execution here (the local runner's registry); in AWS it asks Step Functions. */
    public synchronized Components useExecutionStatus(ExecutionStatus status) {
        built.put("executionStatus", status);
        return this;
    }

    // --- collaborators

    public Database database() {
        return once("database", () -> opened(Database.connect(Secrets.database(env, databaseSecrets))));
    }

    public Jdbi jdbi() {
        return database().jdbi();
    }

    public ExecutionLog executionLog() {
        return once("executionLog", () -> new ExecutionLog(jdbi(), clock));
    }

    public JobRepository jobs() {
        return once("jobs", () -> new JobRepository(jdbi(), clock));
    }

    public TemplateRepository templates() {
        return once("templates", () -> new TemplateRepository(jdbi()));
    }

    public PromptRepository prompts() {
        return once("prompts", () -> new PromptRepository(jdbi(), clock));
    }

    public CircuitBreakers breakers() {
        return once("breakers", () -> {
            ProviderSettings.Breaker settings = ProviderSettings.Breaker.fromEnv(env);
            return new CircuitBreakers(jdbi(), clock, settings.threshold(), settings.coolDown());
        });
    }

    /** The known secrets, masked wherever a provider's text reaches a log or a table. */
    public Redactor redactor() {
        return once("redactor", Redactor::none);
    }

    /**
     * Builds the providers' HTTP client now (its TLS set-up: 100-200 ms) if this function's wiring calls a provider;
     * otherwise the first provider call builds it. SnapStart priming calls this, so that a restored function's first
     * call does not pay for it.
     */
    public synchronized void prepareProviderCalls() {
        if (built.containsKey("providerHttp")) {
            httpClient();
        }
    }

    public HttpClient httpClient() {
        return once("httpClient", () -> ProviderHttp.newClient(providerTimeouts().connectTimeout()));
    }

    public ProviderHttp providerHttp() {
        return once("providerHttp", () -> new ProviderHttp(this::httpClient, providerTimeouts().readTimeout(), breakers(),
                executionLog(), redactor(), clock));
    }

    public GeminiClient gemini() {
        return once("gemini", () -> {
            ProviderSettings.Model settings = ProviderSettings.Model.gemini(env, secret("GEMINI_API_KEY"));
            redactor().add(settings.apiKey());
            return new GeminiClient(providerHttp(), settings.baseUrl(), settings.model(), settings.apiKey());
        });
    }

    public OpenAiClient openAi() {
        return once("openAi", () -> {
            ProviderSettings.Model settings = ProviderSettings.Model.openAi(env, secret("OPENAI_API_KEY"));
            redactor().add(settings.apiKey());
            return new OpenAiClient(providerHttp(), settings.baseUrl(), settings.model(), settings.apiKey());
        });
    }

    /**
     * The Suno key pool. Keys listed in {@code SUNO_API_KEYS} (or its secret) are imported once per process; the
     * pool decrypts the stored keys with {@code SUNO_KEY_ENCRYPTION_KEY}.
     */
    public SunoKeyPool keyPool() {
        return once("keyPool", () -> {
            SunoKeyPool pool = new SunoKeyPool(jdbi(), KeyCipher.fromBase64(secret(KeyCipher.VARIABLE)), redactor(),
                    executionLog(), clock, ProviderSettings.Suno.generationCost(env));
            List<String> listed = Secrets.value(env, ProviderSettings.Suno.API_KEYS, secrets)
                    .map(ProviderSettings.Suno::splitKeys).orElse(List.of());
            listed.forEach(redactor()::add);
            pool.importKeys(listed);
            return pool;
        });
    }

    /** Suno with a key from the pool, rotating on key-level failures. */
    public SunoGateway suno() {
        return once("suno", () -> {
            ProviderSettings.Suno settings = sunoSettings();
            SunoClient client = new SunoClient(providerHttp(), settings.baseUrl(), settings.model());
            return new SunoGateway(client, keyPool(), submissions(), clock, settings.keyCooldown(), settings.creditsMaxAge());
        });
    }

    private ProviderSettings.Suno sunoSettings() {
        return once("sunoSettings", () -> ProviderSettings.Suno.fromEnv(env));
    }

    public PromptRules promptRules() {
        return once("promptRules", () -> PromptRules.withDefaults(env.optional("ARTIST_DENYLIST")
                .map(list -> Arrays.stream(list.split(",")).map(String::strip).toList()).orElse(List.of())));
    }

    public S3Client s3() {
        return once("s3", () -> opened(S3Clients.client(env)));
    }

    private ProviderSettings.Http providerTimeouts() {
        return once("providerTimeouts", () -> ProviderSettings.Http.fromEnv(env));
    }

    private String secret(String name) {
        return Secrets.required(env, name, secrets);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T once(String name, Supplier<T> factory) {
        Object value = built.get(name);
        if (value == null) {
            value = factory.get();
            built.put(name, value);
        }
        return (T) value;
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Closes what this process opened (the S3 client, the connection pool), newest first. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing failed: " + e.getMessage(), e);
                }
            }
        }
        built.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
