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
import com.beatgen.testkit.stub.ProviderStub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

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

    private ChaosStack(LocalStack stack, TcpOutage database) {
        this.stack = stack;
        this.stub = stack.stub().orElseThrow();
        this.database = database;
        this.check = new ConsistencyCheck(stack.database().jdbi(), Clock.systemUTC(), stack.components().keyPool().generationCost());
    }

    static ChaosStack start(Path home) {
        DatabaseConfig direct = TestDatabase.freshConfig();
        Matcher url = PORT.matcher(direct.jdbcUrl());
        assertThat(url.matches()).as("a JDBC URL with a port: " + direct.jdbcUrl()).isTrue();
        TcpOutage outage = new TcpOutage(Integer.parseInt(url.group(2)));
        DatabaseConfig viaOutage = new DatabaseConfig(url.group(1) + ":" + outage.port() + url.group(3), direct.user(),
                direct.password(), 4, Duration.ofSeconds(1), 1);
        Env env = new Env(Map.of(KeyCipher.VARIABLE, KeyCipher.newDataKey(),
                "PROVIDER_READ_TIMEOUT_MS", "1000", "SUNO_KEY_COOLDOWN_SECONDS", "1"));
        LocalStack stack = LocalStack.start(env, LocalDatabase.of(viaOutage, "chaos"), home, null, DEFINITION,
                LocalStack.Options.fast());
        stack.loadCatalogIfEmpty(CATALOG);
        ChaosStack chaos = new ChaosStack(stack, outage);
        chaos.reset();
        return chaos;
    }

    Jdbi jdbi() {
        return stack.database().jdbi();
    }

    /**
     * Between scenarios: no pending faults, closed circuits, and every key usable again the ways an operator would
     * (a credit refresh, enabling a refused key), so the bookkeeping stays the pipeline's own.
     */
    void reset() {
        stub.reset();
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

    /** Zero violations over everything the stack ever wrote; otherwise fails with every offending row. */
    void assertConsistent() {
        ConsistencyCheck.Report report = check.run(Duration.ZERO);
        assertThat(report.describe()).as("consistency violations").isEmpty();
    }

    @Override
    public void close() {
        try {
            stack.close();
        } catch (IllegalStateException alreadyStopped) {
            // a scenario stopped S3 for good; closing it again is the only complaint
        }
        database.close();
    }
}
