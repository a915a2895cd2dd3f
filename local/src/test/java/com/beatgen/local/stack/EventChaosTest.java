package com.beatgen.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.catalog.CatalogReader;
import com.beatgen.catalog.CatalogWriter;
import com.beatgen.config.Env;
import com.beatgen.functions.CatalogSyncHandler;
import com.beatgen.local.asl.LocalStateMachine.Execution;
import com.beatgen.local.asl.LocalStateMachine.HistoryEvent;
import com.beatgen.local.up.LocalCatalogDelivery;
import com.beatgen.storage.S3Clients;
import com.beatgen.pipeline.StartRunService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Fault injection from the outside: S3 and EventBridge deliver at least once (the same catalog event twice at the
 * same moment, the same schedule slot twice), executions started together, and the catalog replaced while a run is
 * using one of its templates. Real executions of the state machine file and real S3 events to the CatalogSync
 * handler; after each, the whole history must pass {@link com.beatgen.ops.ConsistencyCheck}.
 */
class EventChaosTest extends ChaosSuite {

    private static final String CATALOG_KEY = "beat_catalog.xml";
    private S3Client s3;
    private CatalogSyncHandler catalogSync;
    private ExecutorService threads;

    @BeforeAll
    void startCatalogSync() {
        chaos.stack.s3().createBucket(LocalCatalogDelivery.BUCKET);
        s3 = S3Clients.client(new Env(Map.of(S3Clients.ENDPOINT, chaos.stack.s3().endpoint())));
        CatalogObjectSync sync = new CatalogObjectSync(chaos.jdbi(), s3, CatalogReader.DEFAULT_MAX_BYTES, Clock.systemUTC());
        catalogSync = new CatalogSyncHandler(() -> sync);
        threads = Executors.newFixedThreadPool(6);
    }

    @AfterAll
    void stopCatalogSync() {
        threads.shutdownNow();
        s3.close();
    }

    /** The sample catalog, changed by {@code edit}, as an uploaded object; its S3 event. */
    private S3Event upload(UnaryOperator<List<BeatTemplate>> edit) {
        List<BeatTemplate> templates;
        try (InputStream in = Files.newInputStream(ChaosStack.CATALOG)) {
            templates = new ArrayList<>(new CatalogReader().read(in));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        CatalogWriter.write(edit.apply(templates), xml);
        byte[] content = xml.toByteArray();
        var put = s3.putObject(b -> b.bucket(LocalCatalogDelivery.BUCKET).key(CATALOG_KEY), RequestBody.fromBytes(content));
        String notification = Json.write(LocalCatalogDelivery.objectCreated(LocalCatalogDelivery.BUCKET, CATALOG_KEY, content.length,
                put.eTag(), put.versionId(), Instant.now()));
        return LambdaEventSerializers.serializerFor(S3Event.class, getClass().getClassLoader()).fromJson(notification);
    }

    /** Runs every task at the same moment; their results in order. */
    private <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(threads.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private static String reason(Execution execution) {
        return execution.history().stream().filter(e -> "StartRun".equals(e.stateName()) && e.output() instanceof Map<?, ?>)
                .map(e -> String.valueOf(((Map<?, ?>) ((Map<?, ?>) e.output()).get("run")).get("reason"))).findFirst().orElse("");
    }

    @Test
    void theSameCatalogEventDeliveredFourTimesAtOnceSyncsOnce() throws Exception {
        S3Event event = upload(templates -> {
            templates.add(new BeatTemplate("chaos-added-groove", "Chaos Added Groove", "House", "Deep", "Warm", "Radio",
                    List.of("house", "deep"), "Deep house groove, 122 BPM, warm pads"));
            return templates;
        });
        List<Callable<Map<String, Object>>> deliveries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            deliveries.add(() -> catalogSync.handleRequest(event, null));
        }
        List<String> outcomes = together(deliveries).stream()
                .map(r -> String.valueOf(((List<?>) r.get("records")).stream().map(m -> ((Map<?, ?>) m).get("outcome")).toList()))
                .toList();
        assertThat(outcomes).as("one sync, the rest no-ops").containsOnlyOnce("[SYNCED]").contains("[DUPLICATE]");
        assertThat(chaos.count("SELECT COUNT(*) FROM catalog_sync_run WHERE source LIKE 's3://%' AND status = 'succeeded'")).isEqualTo(1);
        assertThat(chaos.count("SELECT COUNT(*) FROM beat_template WHERE id = 'chaos-added-groove'")).isEqualTo(1);
        assertThat(chaos.run().status()).isEqualTo("SUCCEEDED");
        chaos.assertConsistent();
    }

    @Test
    void theSameScheduleSlotDeliveredTwiceAtOnceRunsOnce() throws Exception {
        Instant slot = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(5, ChronoUnit.DAYS);
        List<Execution> executions = together(List.of(
                () -> chaos.stack.runScheduled(slot),
                () -> chaos.stack.runScheduled(slot.plusSeconds(40))));
        assertThat(executions).allSatisfy(e -> assertThat(e.status()).as(e.formatHistory()).isEqualTo("SUCCEEDED"));
        assertThat(executions).filteredOn(e -> e.enteredStates().contains("PersistBeat")).hasSize(1);
        assertThat(executions).filteredOn(e -> e.enteredStates().contains("Skipped")).singleElement()
                .satisfies(e -> assertThat(reason(e)).containsAnyOf("already ran", "already processing"));
        assertThat(chaos.count("SELECT COUNT(*) FROM beat_job WHERE schedule_slot = '" + StartRunService.slot(slot) + "'")).isEqualTo(1);
        chaos.assertConsistent();
    }

    @Test
    void executionsStartedTogetherNeverHaveTwoJobsProcessing() throws Exception {
        AtomicInteger mostProcessing = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Future<?> watcher = threads.submit(() -> {
            while (running.get()) {
                mostProcessing.accumulateAndGet((int) chaos.count("SELECT COUNT(*) FROM beat_job WHERE status = 'processing'"), Math::max);
                Thread.sleep(10);
            }
            return null;
        });
        List<Callable<Execution>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(chaos::run);
        }
        List<Execution> executions;
        try {
            executions = together(runs);
        } finally {
            running.set(false);
            watcher.get();
        }
        assertThat(mostProcessing.get()).as("jobs processing at once").isLessThanOrEqualTo(1);
        assertThat(executions).allSatisfy(e -> assertThat(e.status()).as(e.formatHistory()).isEqualTo("SUCCEEDED"));
        assertThat(executions).filteredOn(e -> e.enteredStates().contains("PersistBeat")).isNotEmpty();
        assertThat(executions).filteredOn(e -> e.enteredStates().contains("Skipped"))
                .allSatisfy(e -> assertThat(reason(e)).startsWith("a job is already processing"));
        chaos.assertConsistent();
    }

    /** At the run's first wait (Suno is generating), a new catalog arrives through S3. */
    private Consumer<HistoryEvent> replaceCatalogMidRun(java.util.function.Function<String, UnaryOperator<List<BeatTemplate>>> edit) {
        AtomicBoolean done = new AtomicBoolean();
        return e -> {
            if ("StateEntered".equals(e.type()) && "WaitForMusic".equals(e.stateName()) && done.compareAndSet(false, true)) {
                String running = chaos.jdbi().withHandle(h -> h.createQuery("SELECT template_id FROM beat_job WHERE status = 'processing'")
                        .mapTo(String.class).one());
                Map<String, Object> result = catalogSync.handleRequest(upload(edit.apply(running)), null);
                assertThat(result.toString()).contains("SYNCED");
            }
        };
    }

    @Test
    void theRunningTemplateRemovedFromTheCatalogMidRunStillEndsCleanly() {
        chaos.stub.setPollsUntilSuccess(3);
        Execution execution = chaos.run(replaceCatalogMidRun(running -> templates -> {
            templates.removeIf(t -> t.id().equals(running));
            return templates;
        }));
        assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("SUCCEEDED");
        String jobId = ChaosStack.jobId(execution).orElseThrow();
        assertThat(chaos.count("SELECT COUNT(*) FROM beat_template t JOIN beat_job j ON j.template_id = t.id"
                + " WHERE j.id = '" + jobId + "' AND NOT t.is_active")).as("the template was deactivated mid-run").isEqualTo(1);
        chaos.assertConsistent();
        assertThat(chaos.run().status()).as("the next run takes an active template").isEqualTo("SUCCEEDED");
        chaos.assertConsistent();
    }

    @Test
    void theRunningTemplateChangedInTheCatalogMidRunStillEndsCleanly() {
        chaos.stub.setPollsUntilSuccess(3);
        Execution execution = chaos.run(replaceCatalogMidRun(running -> templates -> templates.stream()
                .map(t -> !t.id().equals(running) ? t : new BeatTemplate(t.id(), t.categoryName(), t.genre(), "Changed " + t.style(),
                        t.mood(), t.useCase(), List.of("changed-mid-run"), t.basePrompt() + ", changed mid-run"))
                .toList()));
        assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("SUCCEEDED");
        chaos.assertConsistent();
    }
}
