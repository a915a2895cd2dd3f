package com.beatgen.local;

import com.beatgen.wiring.Components;
import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import com.beatgen.testkit.db.EmbeddedMariaDb;
import com.beatgen.db.ExecutionLog;
import com.beatgen.functions.CatalogSyncHandler;
import com.beatgen.local.api.LocalApi;
import com.beatgen.local.api.LocalApiServer;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.local.up.CatalogEvents;
import com.beatgen.local.up.CatalogWatcher;
import com.beatgen.local.up.Intervals;
import com.beatgen.local.up.LocalCatalogDelivery;
import com.beatgen.local.up.LocalScheduler;
import com.beatgen.local.up.ScheduledRuns;
import com.beatgen.local.up.UpLog;
import com.beatgen.ops.AlertWebhook;
import com.beatgen.ops.DailySummaryService;
import com.beatgen.ops.ErrorRateCheck;
import com.beatgen.storage.S3Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "up", description = {
        "The whole system, always on, as it runs in AWS: the database, a local S3, the providers (stub, or the real ones "
                + "whose keys are set), the REST API (as beatgen serve), the state machine started on a schedule (as the "
                + "EventBridge rule), the catalog file watched (as the S3 upload trigger) and the daily summary at 00:00 UTC.",
        "Catalog: $BEAT_CATALOG_PATH (default catalog/beat_catalog.xml); a change is put into the local catalog bucket and "
                + "synced by the CatalogSync handler from the S3 event, within 5 s; an invalid change keeps the current catalog.",
        "One line per event on stdout. Stop with Ctrl-C."})
final class UpCommand extends LocalCommand {

    /** How long a stop waits for a running execution before it lets the process end. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @Option(names = "--port", defaultValue = "3000", description = "API port; 0 for a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address the API listens on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--interval", paramLabel = "INTERVAL", description = "schedule: 15m, 30s, 2h, PT15M or rate(15 minutes) "
            + "(default: $" + Intervals.VARIABLE + ", else 15m); shorter than 15m runs are not tied to 15-minute slots")
    String interval;

    @Option(names = "--real-time", description = "wait 10 s between Suno polls and use the real retry intervals (default: shortened)")
    boolean realTime;

    @Mixin
    TaskRuntimeOption runtime;

    UpCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    /**
     * The daily summary (seed property 30): called at 00:00 UTC with the UTC day that just ended, on the stack's
     * database ({@code stack.database().jdbi()}). The one place to bind the daily summary service to.
     */
    /** At 00:00 UTC: the day that just ended into daily_summary (property 30), then the error-rate check (property 31). */
    static Consumer<LocalDate> dailySummary(UpLog log, Jdbi jdbi, Env env, Clock clock) {
        DailySummaryService summaries = new DailySummaryService(jdbi, new ExecutionLog(jdbi, clock), clock);
        ErrorRateCheck errorRate = new ErrorRateCheck(jdbi, clock, AlertWebhook.fromEnv(env));
        return day -> {
            try {
                log.line("summary", day + ": " + summaries.summarize(day).toMap());
                log.line("summary", "error rate, last hour: " + errorRate.check().toMap());
            } catch (RuntimeException e) {
                log.line("summary", day + " failed: " + e.getMessage());
            }
        };
    }

    @Override
    public Integer call() throws Exception {
        LocalApiServer.checkAvailable(host, port);   // before anything starts or changes
        Clock clock = Clock.systemUTC();
        UpLog log = new UpLog(spec.commandLine().getOut(), clock);
        Path home = EnvDatabaseProvider.home(env);
        Path definition = ProjectFiles.path(env, "BEATGEN_STATE_MACHINE", "statemachine/beat-generation.asl.json");
        Path openApi = ProjectFiles.path(env, "BEATGEN_OPENAPI", "infrastructure/openapi.yaml");
        Path catalog = ProjectFiles.path(env, "BEAT_CATALOG_PATH", "catalog/beat_catalog.xml").toAbsolutePath().normalize();
        Duration every = Intervals.parse(interval != null ? interval : env.string(Intervals.VARIABLE, "15m"));
        if (!Files.isRegularFile(definition)) {
            throw new ConfigException("No state machine at " + definition.toAbsolutePath()
                    + ": start it through ./beatgen (which sets BEATGEN_PROJECT) or set BEATGEN_STATE_MACHINE");
        }
        // the embedded database must outlive a running execution when Ctrl-C stops everything
        AutoCloseable databaseHold = EmbeddedMariaDb.holdThroughShutdown(STOP_GRACE.plusSeconds(15));
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try { // the JVM ends when the hooks return: let the stack close first
                stopped.await(STOP_GRACE.toSeconds() + 15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "beatgen-up-stop"));
        try {
            log.line("stack", "starting (" + (realTime ? "real-time waits" : "shortened waits") + ", " + runtime.describe() + ") …");
            LocalStack.Options options = (realTime ? LocalStack.Options.realTime() : LocalStack.Options.fast())
                    .withStubCallbacks(Duration.ofSeconds(1));
            try (LocalDatabase local = databases.openShared();
                 LocalStack stack = LocalStack.start(env, local, home, home.resolve("s3"), definition, runtime.apply(options, env));
                 S3Client s3 = S3Clients.client(new Env(Map.of(S3Clients.ENDPOINT, stack.s3().endpoint())))) {
                stack.s3().createBucket(LocalCatalogDelivery.BUCKET);
                CatalogObjectSync sync = new CatalogObjectSync(stack.database().jdbi(), s3, CatalogObjectSync.maxBytes(env), clock);
                LocalCatalogDelivery delivery = new LocalCatalogDelivery(s3, LocalCatalogDelivery.BUCKET, catalog.getFileName().toString(),
                        new CatalogSyncHandler(() -> sync), clock);
                String stubUrl = env.optional("SUNO_API_KEYS").isEmpty() ? stack.stub().map(s -> s.baseUrl()).orElse(null) : null;
                try (CatalogWatcher watcher = CatalogWatcher.of(catalog, new CatalogEvents(log, delivery, stack.database().jdbi())).start();
                     Components api = ServeCommand.components(ServeCommand.apiEnv(env, local, stack.s3().endpoint(), stubUrl, home));
                     LocalApiServer server = LocalApiServer.start(openApi, ServeCommand.warm(LocalApi.functions(api)), host, port,
                             line -> log.line("api", line));
                     LocalScheduler scheduler = new LocalScheduler(clock)) {
                    ScheduledRuns runs = new ScheduledRuns(stack, log, every);
                    Instant first = scheduler.every(every, runs::fire);
                    Consumer<LocalDate> summary = dailySummary(log, stack.database().jdbi(), env, clock);
                    scheduler.every(Duration.ofDays(1), due -> summary.accept(LocalDate.ofInstant(due, ZoneOffset.UTC).minusDays(1)));
                    log.line("api", "http://" + host + ":" + server.port() + "/api (" + local.description() + "); listening room: http://"
                            + host + ":" + server.port() + "/");
                    log.line("schedule", "a run every " + Intervals.format(every) + ", the first at " + first
                            + (stack.stub().isPresent() ? " (providers: local stub)" : ""));
                    log.line("catalog", "watching " + catalog);
                    log.line("stack", "up; stop with Ctrl-C");
                    stopRequested.await();
                    log.line("stack", "stopping …");
                    if (!scheduler.close(STOP_GRACE)) {
                        log.line("run", "an execution was still running after " + STOP_GRACE.toSeconds()
                                + " s; its job stays processing until StartRun fails it as abandoned");
                    }
                }
            }
            log.line("stack", "stopped");
            return 0;
        } finally {
            stopped.countDown();
            databaseHold.close();
        }
    }
}
