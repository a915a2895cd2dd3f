package com.beatgen.local.stack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.catalog.CatalogReader;
import com.beatgen.catalog.CatalogSyncService;
import com.beatgen.catalog.SyncResult;
import com.beatgen.catalog.SyncSource;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.functions.GenerateConceptHandler;
import com.beatgen.functions.GenerateMetadataHandler;
import com.beatgen.functions.NormalizePromptHandler;
import com.beatgen.functions.PersistBeatHandler;
import com.beatgen.functions.PollMusicHandler;
import com.beatgen.functions.RecordFailureHandler;
import com.beatgen.functions.StartRunHandler;
import com.beatgen.functions.StepHandler;
import com.beatgen.functions.StoreAudioHandler;
import com.beatgen.functions.SubmitMusicHandler;
import com.beatgen.keys.KeyCipher;
import com.beatgen.local.LocalDatabase;
import com.beatgen.local.asl.LocalLambdaServer;
import com.beatgen.local.asl.LocalStateMachine;
import com.beatgen.config.ProviderSettings;
import com.beatgen.storage.S3Clients;
import com.beatgen.functions.PerContainer;
import com.beatgen.functions.api.SunoCallbackApiHandler;
import com.beatgen.pipeline.CallbackSigner;
import com.beatgen.wiring.Components;
import com.beatgen.config.ConfigException;
import com.beatgen.testkit.stub.ProviderStub;
import com.beatgen.testkit.s3.LocalS3;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The whole system on one machine, as it runs in AWS: the real state machine file run by the local Step Functions
 * runner, every Task dispatched to the real Lambda handler through a local Lambda-invoke endpoint, MySQL (embedded
 * MariaDB or {@code DATABASE_URL}), S3 (S3Proxy, files under {@code BEATGEN_HOME/s3}) and the providers: the stub
 * server, or the real ones for each provider whose key is configured.
 */
public final class LocalStack implements AutoCloseable {

    public static final String BUCKET = "beatgen-local-beats";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalStack.class);
    public static final List<String> STUB_SUNO_KEYS = List.of("local-suno-key-0001", "local-suno-key-0002", "local-suno-key-0003");

    /**
     * How a Task reaches its handler: in this JVM (the default), or e.g. in a fresh JVM per invocation. Closed with the
     * stack (after the local Lambda endpoint, before the database).
     */
    @FunctionalInterface
    public interface TaskDispatch extends AutoCloseable {
        TaskDispatch IN_PROCESS = (function, handler, environment) -> handler::invoke;

        /**
         * @param handler     the handler this stack would invoke in-process (its class is the function's handler)
         * @param environment the function's environment variables, as a deployed function has them
         */
        RequestHandler<Map<String, Object>, Map<String, Object>> dispatch(String function, StepHandler<?> handler,
                Map<String, String> environment);

        /** Ends what the dispatch started (e.g. the functions' processes); nothing by default. */
        @Override
        default void close() {
        }
    }

    /** How the stack runs: waits and retry intervals shortened (tests, demos) or as in AWS; how Tasks are invoked. */
    public record Options(Duration waitOverride, Duration retryIntervalOverride, TaskDispatch dispatch, Duration stubCallbacks) {
        public Options(Duration waitOverride, Duration retryIntervalOverride) {
            this(waitOverride, retryIntervalOverride, TaskDispatch.IN_PROCESS, null);
        }

        /** The stub's Suno tasks complete {@code after} their creation and call the stack back (null: only by polls). */
        public Options withStubCallbacks(Duration after) {
            return new Options(waitOverride, retryIntervalOverride, dispatch, after);
        }

        public static Options realTime() {
            return new Options(null, null);
        }

        public static Options fast() {
            return new Options(Duration.ofMillis(20), Duration.ofMillis(20));
        }

        public Options withDispatch(TaskDispatch dispatch) {
            return new Options(waitOverride, retryIntervalOverride, dispatch, stubCallbacks);
        }
    }

    private final LocalDatabase localDatabase;
    private final Database database;
    private final LocalS3 s3;
    private final ProviderStub stub;
    private final Components components;
    private final CallbackListener callbacks;
    private final LocalExecutions executions;
    private final LocalLambdaServer lambda;
    private final LocalStateMachine stateMachine;
    private final Path home;
    private final Map<String, String> functionEnvironment;
    private final TaskDispatch dispatch;

    private LocalStack(LocalDatabase localDatabase, Database database, LocalS3 s3, ProviderStub stub, Components components, CallbackListener callbacks,
                       LocalExecutions executions, LocalLambdaServer lambda, LocalStateMachine stateMachine, Path home,
                       Map<String, String> functionEnvironment, TaskDispatch dispatch) {
        this.localDatabase = localDatabase;
        this.database = database;
        this.s3 = s3;
        this.stub = stub;
        this.components = components;
        this.callbacks = callbacks;
        this.executions = executions;
        this.lambda = lambda;
        this.stateMachine = stateMachine;
        this.home = home;
        this.functionEnvironment = Map.copyOf(functionEnvironment);
        this.dispatch = dispatch;
    }

    /**
     * Starts everything. {@code s3Directory} null keeps objects in memory; {@code definition} is the ASL file.
     */
    public static LocalStack start(Env env, LocalDatabase localDatabase, Path home, Path s3Directory, Path definition, Options options) {
        Database database = Database.connect(localDatabase.config().withPoolSize(4));
        Components components = null;
        CallbackListener callbacks = null;
        LocalExecutions executions = new LocalExecutions(home);
        LocalS3 s3 = null;
        ProviderStub stub = null;
        try {
            database.migrate();
            s3 = LocalS3.start(s3Directory);
            s3.createBucket(BUCKET);
            Map<String, String> values = new HashMap<>(env.values());
            boolean anyStubbed = env.optional("GEMINI_API_KEY").isEmpty() || env.optional("OPENAI_API_KEY").isEmpty()
                    || env.optional("SUNO_API_KEYS").isEmpty();
            if (anyStubbed) {
                stub = ProviderStub.start();
                stubMissing(values, stub.baseUrl());
            }
            values.put(S3Clients.ENDPOINT, s3.endpoint());
            // Suno's callbacks come back to this stack (the callback route of the API, on a port of its own)
            callbacks = CallbackListener.start();
            values.put(CallbackSigner.API_BASE_URL, callbacks.baseUrl());
            values.putIfAbsent(CallbackSigner.KEY, callbackKey(home));
            values.putIfAbsent("SUNO_CALLBACK_WAIT_MS", "5000");
            if (stub != null && options.stubCallbacks() != null) {
                stub.setCallbackDelay(options.stubCallbacks());
            }
            String dataKey = dataKey(new Env(values), home);
            values.put(KeyCipher.VARIABLE, dataKey);
            values.put(S3Clients.BEATS_BUCKET, BUCKET);
            // the functions in this process share one set of components (one database pool, one S3 client)
            components = new Components(new Env(values), Clock.systemUTC(), id -> {
                throw new ConfigException("Secrets Manager is not available locally: set the value instead of its _SECRET_ID");
            }, database);
            components.useExecutionStatus(executions);
            components.keyPool(); // imports SUNO_API_KEYS at start, as a Lambda container does on first use
            // SUNO_API_KEYS (or the stub's keys) is the local pool: a key removed from it is retired, not used on
            components.keyPool().retainOnly(ProviderSettings.Suno.splitKeys(values.getOrDefault(ProviderSettings.Suno.API_KEYS, "")))
                    .forEach(key -> LOG.warn("Suno key {} ({}) retired: it is no longer listed in SUNO_API_KEYS", key.masked(),
                            key.label()));
            callbacks.serve(new SunoCallbackApiHandler(PerContainer.using(components, c -> c.callbackReceiver())));
            Map<String, StepHandler<?>> handlers = new LinkedHashMap<>();
            handlers.put("StartRun", new StartRunHandler(components));
            handlers.put("GenerateConcept", new GenerateConceptHandler(components));
            handlers.put("NormalizePrompt", new NormalizePromptHandler(components));
            handlers.put("SubmitMusic", new SubmitMusicHandler(components));
            handlers.put("PollMusic", new PollMusicHandler(components));
            handlers.put("StoreAudio", new StoreAudioHandler(components));
            handlers.put("GenerateMetadata", new GenerateMetadataHandler(components));
            handlers.put("PersistBeat", new PersistBeatHandler(components));
            handlers.put("RecordFailure", new RecordFailureHandler(components));
            Map<String, String> functionEnvironment = functionEnvironment(values, localDatabase.config(), dataKey);
            // in-process, JSON in and out through each handler's stream entry point, as the Lambda service calls it
            Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions = new LinkedHashMap<>();
            handlers.forEach((name, handler) -> functions.put(name, options.dispatch().dispatch(name, handler, functionEnvironment)));
            LocalLambdaServer lambda = LocalLambdaServer.start(functions);
            LocalStateMachine stateMachine = new LocalStateMachine(definition, LocalStateMachine.functionArns(functions.keySet()),
                    lambda.endpoint(), options.waitOverride(), options.retryIntervalOverride())
                    .withCauseFormat(LocalStateMachine.CauseFormat.PAYLOAD);
            return new LocalStack(localDatabase, database, s3, stub, components, callbacks, executions, lambda, stateMachine, home,
                    functionEnvironment, options.dispatch());
        } catch (RuntimeException e) {
            options.dispatch().close();
            if (callbacks != null) {
                callbacks.close();
            }
            if (components != null) {
                components.close();
            }
            if (stub != null) {
                stub.close();
            }
            if (s3 != null) {
                s3.close();
            }
            database.close();
            throw e;
        }
    }

    /** What a deployed function's environment holds here: the database, the local S3 and bucket, the providers, the key. */
    private static Map<String, String> functionEnvironment(Map<String, String> values, DatabaseConfig database, String dataKey) {
        Map<String, String> environment = new HashMap<>(values);
        environment.put(DatabaseConfig.URL, database.jdbcUrl());
        if (database.user() != null) {
            environment.put(DatabaseConfig.USER, database.user());
        }
        if (database.password() != null) {
            environment.put(DatabaseConfig.PASSWORD, database.password());
        }
        environment.put(S3Clients.BEATS_BUCKET, BUCKET);
        environment.put(KeyCipher.VARIABLE, dataKey);
        return environment;
    }

    /** Providers without a configured key are served by the stub (one base URL speaks all three). */
    private static void stubMissing(Map<String, String> values, String stubUrl) {
        if (isBlank(values.get("GEMINI_API_KEY"))) {
            values.put("GEMINI_API_KEY", "local-gemini-key");
            values.put("GEMINI_BASE_URL", stubUrl);
        }
        if (isBlank(values.get("OPENAI_API_KEY"))) {
            values.put("OPENAI_API_KEY", "local-openai-key");
            values.put("OPENAI_BASE_URL", stubUrl);
        }
        if (isBlank(values.get("SUNO_API_KEYS"))) {
            values.put("SUNO_API_KEYS", String.join(",", STUB_SUNO_KEYS));
            values.put("SUNO_BASE_URL", stubUrl);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The Suno key-encryption key: {@code SUNO_KEY_ENCRYPTION_KEY}, else one generated once under the home directory. */
    public static String dataKey(Env env, Path home) {
        Optional<String> configured = env.optional(KeyCipher.VARIABLE);
        return configured.isPresent() ? configured.get() : secretInHome(home, "suno-key-encryption.key");
    }

    /** The key that signs Suno callback URLs locally: generated once under the home directory. */
    public static String callbackKey(Path home) {
        return secretInHome(home, "suno-callback.key");
    }

    /** A random key generated once and kept, readable by the owner only, under the home directory. */
    public static String secretInHome(Path home, String name) {
        Path file = home.resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                Files.writeString(file, KeyCipher.newDataKey());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Syncs {@code catalog} when the database has no templates yet (the seed's "load catalog on startup"). */
    public Optional<SyncResult> loadCatalogIfEmpty(Path catalog) {
        int templates = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_template").mapTo(Integer.class).one());
        if (templates > 0) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(catalog)) {
            return Optional.of(new CatalogSyncService(database.jdbi(), new CatalogReader(), Clock.systemUTC())
                    .sync(in, SyncSource.file(catalog.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One execution started by hand (not tied to a schedule slot). */
    public LocalStateMachine.Execution runManual(java.util.function.Consumer<LocalStateMachine.HistoryEvent> listener) {
        Instant now = Instant.now();
        String name = "manual-" + now.toString().replaceAll("[^0-9TZ]", "");
        return executions.running(name, () -> stateMachine.run(name, Map.of("time", now.toString(), "manual", true), listener));
    }

    /**
     * One execution as an EventBridge rule starts it: the schedule event with its time, and a generated execution
     * name (a rule cannot name executions, so a duplicated event is a second execution: StartRun skips its slot).
     */
    public LocalStateMachine.Execution runScheduled(Instant time) {
        return runScheduled(time, true, e -> { });
    }

    /**
     * One scheduled execution. {@code slotted} false (a local schedule shorter than the 15-minute slots, for demos)
     * adds {@code "manual": true} to the schedule event, so StartRun does not skip the runs that share a slot; every
     * other guard (a job still processing, no key, circuit open) is StartRun's as in AWS.
     */
    public LocalStateMachine.Execution runScheduled(Instant time, boolean slotted,
                                                    java.util.function.Consumer<LocalStateMachine.HistoryEvent> listener) {
        String name = java.util.UUID.randomUUID().toString();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", java.util.UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("time", time.toString());
        event.put("detail", Map.of());
        if (!slotted) {
            event.put("manual", true);
        }
        return executions.running(name, () -> stateMachine.run(name, event, listener));
    }

    /** The components the stack's functions share (tests reach the services through them). */
    public Components components() {
        return components;
    }

    public Database database() {
        return database;
    }

    public Optional<ProviderStub> stub() {
        return Optional.ofNullable(stub);
    }

    public LocalS3 s3() {
        return s3;
    }

    public Path home() {
        return home;
    }

    /**
     * The environment variables a function of this stack gets (Lambda functions read their configuration from the
     * environment): {@code DATABASE_URL}/{@code _USER}/{@code _PASSWORD}, {@code S3_ENDPOINT_URL}, {@code BEATS_BUCKET},
     * the provider keys and base URLs, {@code SUNO_KEY_ENCRYPTION_KEY}, and what this process was started with.
     */
    public Map<String, String> functionEnvironment() {
        return functionEnvironment;
    }

    @Override
    public void close() {
        callbacks.close();
        lambda.close();
        dispatch.close();
        if (stub != null) {
            stub.close();
        }
        components.close();
        s3.close();
        localDatabase.close();
    }
}
