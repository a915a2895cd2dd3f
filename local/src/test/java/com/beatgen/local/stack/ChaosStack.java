package com.beatgen.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.TestDatabase;
import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.SunoKey;
import com.beatgen.local.LocalDatabase;
import com.beatgen.local.asl.LocalStateMachine.Execution;
import com.beatgen.local.asl.LocalStateMachine.HistoryEvent;
import com.beatgen.ops.ConsistencyCheck;
import com.beatgen.provider.Provider;
import com.beatgen.storage.S3Clients;
import com.beatgen.testkit.stub.ProviderStub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local stack for the fault-injection suite: the real state machine and handlers on a test database reached
 * through a {@link TcpOutage} (so the database can be taken away mid-step), S3Proxy and the provider stub, with short
 * provider timeouts. One stack serves a whole test class: its history accumulates, and {@link #assertConsistent()}
 * holds all of it, not just the last scenario, to {@link ConsistencyCheck}.
 */
final class ChaosStack implements AutoCloseable {

    static final Path DEFINITION = Path.of("..", "statemachine", "beat-generation.asl.json");
    static final Path CATALOG = Path.of("..", "catalog", "beat_catalog.xml");
    private static final Pattern PORT = Pattern.compile("^(jdbc:mysql://[^:/]+):(\\d+)(/.*)$");

    final LocalStack stack;
    final ProviderStub stub;
    final TcpOutage database;
    final ConsistencyCheck check;
    /** Takes the database away at a chosen statement (installed on the stack's Jdbi). */
    final DatabaseCut cut;
    private final Duration callbacks;
    private final Map<String, Runnable> afterTask;
    private S3Client s3;

    private ChaosStack(LocalStack stack, TcpOutage database, Duration callbacks, Map<String, Runnable> afterTask) {
        this.stack = stack;
        this.stub = stack.stub().orElseThrow();
        this.database = database;
        this.callbacks = callbacks;
        this.afterTask = afterTask;
        this.cut = new DatabaseCut(database);
        stack.database().jdbi().addCustomizer(cut);
        this.check = new ConsistencyCheck(stack.database().jdbi(), Clock.systemUTC(), stack.components().keyPool().generationCost());
    }

    /**
     * {@code callbacks}: how long after creating a task the stub completes it and calls the stack back, as Suno does;
     * null: never (every answer then comes from polling).
     */
    static ChaosStack start(Path home, Duration callbacks) {
        DatabaseConfig direct = TestDatabase.freshConfig();
        Matcher url = PORT.matcher(direct.jdbcUrl());
        assertThat(url.matches()).as("a JDBC URL with a port: " + direct.jdbcUrl()).isTrue();
        TcpOutage outage = new TcpOutage(Integer.parseInt(url.group(2)));
        DatabaseConfig viaOutage = new DatabaseConfig(url.group(1) + ":" + outage.port() + url.group(3), direct.user(),
                direct.password(), 4, Duration.ofSeconds(1), 1);
        Env env = new Env(Map.of(KeyCipher.VARIABLE, KeyCipher.newDataKey(),
                "PROVIDER_READ_TIMEOUT_MS", "1000", "SUNO_KEY_COOLDOWN_SECONDS", "1"));
        Map<String, Runnable> afterTask = new ConcurrentHashMap<>();
        LocalStack stack = LocalStack.start(env, LocalDatabase.of(viaOutage, "chaos"), home, null, DEFINITION,
                LocalStack.Options.fast().withDispatch((function, handler, environment) -> (input, context) -> {
                    Map<String, Object> output = handler.invoke(input, context);
                    Runnable fault = afterTask.remove(function);
                    if (fault != null) {
                        fault.run();
                    }
                    return output;
                }));
        stack.loadCatalogIfEmpty(CATALOG);
        ChaosStack chaos = new ChaosStack(stack, outage, callbacks, afterTask);
        chaos.reset();
        return chaos;
    }

    Jdbi jdbi() {
        return stack.database().jdbi();
    }

    /**
     * Between scenarios: the database back, no pending faults, closed circuits, and every key usable again the ways an operator would
     * (a credit refresh, enabling a refused key), so the bookkeeping stays the pipeline's own.
     */
    void reset() {
        cut.disarm();
        database.restore();
        afterTask.clear();
        stub.reset();
        stub.setCallbackDelay(callbacks);
        stub.setPollsUntilSuccess(1);
        stub.setTimeoutDelay(Duration.ofMillis(1500));
        for (Provider provider : Provider.values()) {
            stack.components().breakers().recordSuccess(provider);
        }
        for (SunoKey key : stack.components().keyPool().all()) {
            if (key.status() == SunoKey.Status.error) {
                stack.components().keyPool().setEnabled(key.id(), true);
            }
            stack.components().suno().refreshCredits(key.id());
        }
    }

    /**
     * The next invocation of {@code function} runs to its end (its transactions commit), then {@code fault} runs, e.g.
     * throwing what the state machine gets when the answer is lost on the way back.
     */
    void afterNext(String function, Runnable fault) {
        afterTask.put(function, fault);
    }

    /** One manual execution to its end. */
    Execution run() {
        return run(event -> { });
    }

    Execution run(Consumer<HistoryEvent> listener) {
        return stack.runManual(listener);
    }

    /** The job StartRun created for an execution (from its history), if it created one. */
    static Optional<String> jobId(Execution execution) {
        return execution.history().stream()
                .filter(e -> "StartRun".equals(e.stateName()) && e.output() instanceof Map<?, ?>)
                .map(e -> ((Map<?, ?>) e.output()).get("run"))
                .filter(run -> run instanceof Map<?, ?> m && m.get("jobId") != null)
                .map(run -> String.valueOf(((Map<?, ?>) run).get("jobId")))
                .findFirst();
    }

    Map<String, Object> job(String id) {
        return jdbi().withHandle(h -> h.createQuery("SELECT * FROM beat_job WHERE id = :id").bind("id", id).mapToMap().one());
    }

    long count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** The secret of the key the pool hands out next (round-robin order), to aim a per-key fault at it. */
    String nextKey() {
        String id = jdbi().withHandle(h -> h.createQuery("""
                        SELECT id FROM suno_api_key WHERE status = 'active' AND (cooldown_until IS NULL OR cooldown_until <= UTC_TIMESTAMP(3))
                        ORDER BY selection_ticket, created_at, id LIMIT 1""")
                .mapTo(String.class).one());
        return stack.components().keyPool().secret(id);
    }

    List<String> keySecrets() {
        return stack.components().keyPool().all().stream().map(k -> stack.components().keyPool().secret(k.id())).toList();
    }

    /**
     * Every generation Suno was paid for since the last {@link #reset()} (the stub's tasks) is on record exactly once,
     * and stored: accepted by a job that completed with its beat, or kept as an orphan whose files are in S3.
     */
    void assertEveryPaidGenerationKept() {
        List<String> paid = stub.sunoTaskIds();
        List<Map<String, Object>> recorded = paid.isEmpty() ? List.of() : jdbi().withHandle(h -> h.createQuery("""
                        SELECT s.task_id, s.status, s.file_url, s.alt_file_url, j.status AS job_status,
                               (SELECT COUNT(*) FROM beat b WHERE b.job_id = s.job_id) AS beats
                        FROM suno_submission s JOIN beat_job j ON j.id = s.job_id
                        WHERE s.status IN ('accepted', 'orphaned') AND s.task_id IN (<tasks>)""")
                .bindList("tasks", paid).mapToMap().list());
        assertThat(recorded).as("paid generations on record (accepted or orphaned), once each")
                .extracting(row -> row.get("task_id")).containsExactlyInAnyOrderElementsOf(paid);
        for (Map<String, Object> row : recorded) {
            if ("accepted".equals(row.get("status"))) {
                assertThat(row).as("an accepted generation ends in its job's beat").containsEntry("job_status", "completed")
                        .containsEntry("beats", 1L);
            } else {
                assertThat(inS3((String) row.get("file_url"))).as("orphan's first take in S3: " + row).isTrue();
                assertThat(row.get("alt_file_url") == null || inS3((String) row.get("alt_file_url"))).as("its second take: " + row).isTrue();
            }
        }
    }

    private boolean inS3(String location) {
        if (location == null || !location.startsWith("s3://")) {
            return false;
        }
        String path = location.substring("s3://".length());
        int slash = path.indexOf('/');
        try {
            s3().headObject(b -> b.bucket(path.substring(0, slash)).key(path.substring(slash + 1)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Clients.client(new Env(Map.of(S3Clients.ENDPOINT, stack.s3().endpoint())));
        }
        return s3;
    }

    /** Waits up to {@code timeout} for {@code condition} (e.g. a callback the stub sends later); false if it never held. */
    static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Zero violations over everything the stack ever wrote; otherwise fails with every offending row. */
    void assertConsistent() {
        ConsistencyCheck.Report report = check.run(Duration.ZERO);
        assertThat(report.describe()).as("consistency violations").isEmpty();
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
        try {
            stack.close();
        } catch (IllegalStateException alreadyStopped) {
            // a scenario stopped S3 for good; closing it again is the only complaint
        }
        database.close();
    }
}
