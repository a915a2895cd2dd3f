package com.beatgen.pipeline;

import static com.beatgen.catalog.Catalogs.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.db.Database;
import com.beatgen.db.FailAt;
import com.beatgen.provider.Provider;
import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/** The pipeline's services in the state machine's order, on real parts (seed properties 9, 11–17, 19–22, 24). */
class PipelineServicesTest {

    @RegisterExtension
    static final PipelineFixture f = new PipelineFixture();
    private static com.beatgen.wiring.Components p;

    @BeforeAll
    static void start() {
        p = f.pipeline;
    }

    @BeforeEach
    void reset() {
        f.reset();
        f.stub.setPollsUntilSuccess(0);
    }

    private static String startJob() {
        return f.startJob();
    }

    private static PersistService.Result runSteps(String jobId) {
        return f.runSteps(jobId);
    }

    @Test
    void theHappyPathStoresACompleteBeatWithBothTakes() {
        f.seed(List.of(template("Night Study")), "suno-key-AAAA-0001");
        f.stub.setPollsUntilSuccess(2);
        String jobId = startJob();
        PersistService.Result result = runSteps(jobId);

        Map<String, Object> beat = f.database.jdbi().withHandle(h -> h.createQuery("SELECT * FROM beat WHERE id = :id")
                .bind("id", result.beatId()).mapToMap().one());
        assertThat(beat.get("name")).isEqualTo(result.name());
        assertThat(beat.get("file_url").toString()).startsWith("s3://beats/beats/").endsWith(jobId + "-1.mp3");
        assertThat(beat.get("alt_file_url").toString()).endsWith(jobId + "-2.mp3");
        for (String url : List.of(beat.get("file_url").toString(), beat.get("alt_file_url").toString())) {
            String key = url.substring("s3://beats/".length());
            assertThat(f.s3.headObject(HeadObjectRequest.builder().bucket("beats").key(key).build()).contentLength()).isPositive();
        }
        Job job = new JobRepository(f.database.jdbi(), f.clock).get(jobId);
        assertThat(job.status()).isEqualTo("completed");
        assertThat(job.sunoTaskId()).isNotBlank();
        assertThat(f.count("beat_tag")).isGreaterThanOrEqualTo(2);
        assertThat(f.database.jdbi().withHandle(BeatCounts::mismatches)).as("beat_facet_count follows the beat").isEmpty();
        Map<String, Object> prompt = f.database.jdbi().withHandle(h -> h.createQuery("SELECT * FROM prompt_record").mapToMap().one());
        assertThat(prompt.get("execution_result")).isEqualTo("success");
        assertThat(prompt).as("property 22: no required field is null")
                .extractingByKeys("version", "base_prompt", "normalized_prompt", "concept", "api_key_id", "execution_result")
                .doesNotContainNull();
        JsonNode concept = Json.MAPPER.valueToTree(Json.tree(prompt.get("concept").toString()));
        assertThat(concept.has("suggestion")).as("property 9: the concept reached the prompt").isTrue();
    }

    @Test
    void geminiIsCalledThreeTimesInSequenceForMetadata() {
        f.seed(List.of(template("Night Study")), "suno-key-AAAA-0001");
        String jobId = startJob();
        p.prompt().normalize(jobId, true, false, "Gemini down");
        int before = f.stub.requestCount(Api.GEMINI);
        p.metadata().generate(jobId, false, "");
        assertThat(f.stub.requestCount(Api.GEMINI) - before).as("property 16: name → tags → description").isEqualTo(3);
        JsonNode metadata = new JobRepository(f.database.jdbi(), f.clock).get(jobId).metadata();
        assertThat(metadata.get("name").asText()).isNotBlank();
        assertThat(metadata.get("tags").size()).isPositive();
        assertThat(metadata.get("description").asText()).isNotBlank();
    }

    @Test
    void theSunoTaskIsStoredBeforePollingAndARetriedSubmitNeverPaysTwice() {
        f.seed(List.of(template("Night Study")), "suno-key-AAAA-0001");
        String jobId = startJob();
        p.prompt().normalize(jobId, false, false, "");
        MusicService.Submission first = p.musicSubmission().submit(jobId);
        Job job = new JobRepository(f.database.jdbi(), f.clock).get(jobId);
        assertThat(job.sunoTaskId()).as("property 12").isEqualTo(first.taskId());
        assertThat(job.apiKeyId()).isEqualTo(first.keyId());
        int generations = f.stub.requestCount(Api.SUNO);
        assertThat(p.musicSubmission().submit(jobId)).isEqualTo(first);
        assertThat(f.stub.requestCount(Api.SUNO)).isEqualTo(generations);
    }

    @Test
    void startRunAsksSunoForUnknownCreditsBeforeAnyPaidCall() {
        f.seed(List.of(template("Alpha Beat")));
        int paid = f.stub.requestCount(Api.GEMINI) + f.stub.requestCount(Api.OPENAI);
        f.stub.setCredits("suno-key-ZERO-0001", 0);
        String empty = f.pipeline.keyPool().add("k", "suno-key-ZERO-0001").id();
        StartRunService.Decision noCredits = p.startRun().start(f.clock.instant(), "e1");
        assertThat(noCredits.skipped()).isTrue();
        assertThat(noCredits.reason()).contains("no Suno key has credits");
        assertThat(f.pipeline.keyPool().find(empty).orElseThrow().quotaRemaining()).isZero();
        assertThat(f.stub.requestCount(Api.GEMINI) + f.stub.requestCount(Api.OPENAI)).as("nothing paid").isEqualTo(paid);

        f.pipeline.keyPool().add("k2", "suno-key-FULL-0002");
        assertThat(p.startRun().start(f.clock.instant(), "e2").skipped()).as("an unknown balance with credits").isFalse();
    }

    @Test
    void startRunGuards() {
        f.seed(List.of(template("Alpha Beat"), template("Bravo Beat")));
        StartRunService.Decision noKey = p.startRun().start(f.clock.instant(), "e1");
        assertThat(noKey.skipped()).isTrue();
        assertThat(noKey.reason()).contains("no Suno key");

        f.pipeline.keyPool().refreshCredits(f.pipeline.keyPool().add("k", "suno-key-AAAA-0001").id(), 500);
        StartRunService.Decision first = p.startRun().start(f.clock.instant(), "e2");
        assertThat(first.skipped()).isFalse();
        f.clock.advance(Duration.ofMinutes(15));
        StartRunService.Decision busy = p.startRun().start(f.clock.instant(), "e3");
        assertThat(busy.reason()).as("property 20").contains("already processing");

        p.failure().record(first.jobId(), "Suno.Timeout", "test");
        StartRunService.Decision sameSlot = p.startRun().start(f.clock.instant().minus(Duration.ofMinutes(15)), "e4");
        assertThat(sameSlot.reason()).contains("already ran");

        for (int i = 0; i < 4; i++) {
            p.breakers().recordFailure(Provider.SUNO);
        }
        p.breakers().recordFailure(Provider.SUNO);
        assertThat(p.startRun().start(f.clock.instant(), "e5").reason()).contains("circuit is open");

        long logged = f.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM execution_log WHERE service = 'scheduler'").mapTo(Long.class).one());
        assertThat(logged).as("property 21: every decision is logged").isEqualTo(5);
    }

    @Test
    void templatesUsedInTheLast24HoursAreNotSelectedAndTheOldestGoesFirst() {
        f.seed(List.of(template("Alpha Beat"), template("Bravo Beat"), template("Charlie Beat")), "suno-key-AAAA-0001");
        f.database.jdbi().useHandle(h -> {
            h.createUpdate("UPDATE beat_template SET last_used = :t WHERE id = 'alpha-beat'").bind("t", f.clock.instant().minus(Duration.ofHours(30))).execute();
            h.createUpdate("UPDATE beat_template SET last_used = :t WHERE id = 'bravo-beat'").bind("t", f.clock.instant().minus(Duration.ofHours(2))).execute();
        });
        List<String> picked = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            StartRunService.Decision d = p.startRun().start(f.clock.instant(), "e" + i);
            picked.add(d.templateId());
            p.failure().record(d.jobId(), "Test.Done", "");
            f.clock.advance(Duration.ofMinutes(15));
        }
        assertThat(picked).as("property 19: never-used first, then the oldest beyond 24 h").containsExactly("charlie-beat", "alpha-beat");
        long jobs = f.database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_job").mapTo(Long.class).one());
        StartRunService.Decision none = p.startRun().start(f.clock.instant(), "e9");
        assertThat(none.skipped()).as("issue 13: no eligible template is a skip, not a failed run").isTrue();
        assertThat(none.reason()).isEqualTo(StartRunService.NO_ELIGIBLE_TEMPLATE);
        long jobsAfter = f.database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_job").mapTo(Long.class).one());
        assertThat(jobsAfter).as("no job, so nothing counts as failed").isEqualTo(jobs);
        String level = f.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT level FROM execution_log WHERE service = 'scheduler' ORDER BY id DESC LIMIT 1").mapTo(String.class).one());
        assertThat(level).as("recorded as a warning").isEqualTo("WARN");
    }

    @Test
    void slotsAreFifteenMinuteBuckets() {
        assertThat(StartRunService.slot(Instant.parse("2026-11-23T23:29:59Z"))).isEqualTo("beat-20261123T2315Z");
        assertThat(StartRunService.slot(Instant.parse("2026-11-23T23:30:00Z"))).isEqualTo("beat-20261123T2330Z");
    }

    @Test
    void beatNamesAreMadeUniqueWithSuffixes() {
        f.seed(List.of(template("Alpha Beat"), template("Bravo Beat"), template("Charlie Beat")), "suno-key-AAAA-0001");
        JobRepository jobs = new JobRepository(f.database.jdbi(), f.clock);
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String jobId = startJob();
            p.prompt().normalize(jobId, true, true, "");
            p.musicSubmission().submit(jobId);
            p.audio().store(jobId);
            jobs.setMetadata(jobId, Json.tree("{\"name\":\"Neon Rain\",\"tags\":[\"synth\"],\"description\":\"d\"}"));
            names.add(p.persist().persist(jobId).name());
            f.clock.advance(Duration.ofMinutes(15));
        }
        assertThat(names).as("property 17").containsExactly("Neon Rain", "Neon Rain-2", "Neon Rain-3");
    }

    @Test
    void aFailureInsidePersistBeatWritesNothing() {
        f.seed(List.of(template("Alpha Beat")), "suno-key-AAAA-0001");
        String jobId = startJob();
        p.prompt().normalize(jobId, true, true, "");
        p.musicSubmission().submit(jobId);
        p.audio().store(jobId);
        p.metadata().generate(jobId, true, "Gemini down");
        // fail at every statement in turn, until a run gets through all of them and persists the beat
        int failAt = 1;
        while (true) {
            Jdbi faulty = Database.configure(Jdbi.create(f.database.dataSource()));
            FailAt fault = new FailAt(failAt);
            faulty.addCustomizer(fault);
            PersistService persist = new PersistService(faulty, new JobRepository(faulty, f.clock),
                    new com.beatgen.catalog.TemplateRepository(faulty), new PromptRepository(faulty, f.clock), new BeatRepository(),
                    p.executionLog(), f.clock);
            try {
                persist.persist(jobId);
            } catch (RuntimeException e) {
                assertThat(e).hasStackTraceContaining("injected");
                assertThat(f.count("beat")).as("property 24, failure at statement %d", failAt).isZero();
                assertThat(f.count("beat_tag")).isZero();
                assertThat(f.database.jdbi().withHandle(BeatCounts::mismatches)).isEmpty();
                assertThat(new JobRepository(f.database.jdbi(), f.clock).get(jobId).status()).isEqualTo("processing");
                failAt++;
                continue;
            }
            assertThat(fault.statements()).as("a run without a failure ran fewer statements than %d", failAt).isLessThan(failAt);
            break;
        }
        assertThat(failAt).as("statements in PersistBeat's transaction").isGreaterThan(6);
        assertThat(f.count("beat")).isEqualTo(1);
        assertThat(f.database.jdbi().withHandle(BeatCounts::mismatches)).isEmpty();
        assertThat(p.persist().persist(jobId).beatId()).as("a retried PersistBeat returns the stored beat").isNotNull();
        assertThat(f.count("beat")).isEqualTo(1);
    }

    @Test
    void audioThatIsNotAudioOrAnUnavailableBucketAreNamedErrors() {
        f.seed(List.of(template("Alpha Beat")), "suno-key-AAAA-0001");
        String jobId = startJob();
        p.prompt().normalize(jobId, true, true, "");
        p.musicSubmission().submit(jobId);
        f.stub.inject(Api.SUNO, Fault.SUNO_SUCCESS_WITHOUT_AUDIO, 1);
        assertThatThrownBy(() -> p.audio().store(jobId)).isInstanceOf(PipelineException.class)
                .satisfies(e -> assertThat(((PipelineException) e).errorName()).isEqualTo("Audio.NotReady"));
        try (var other = new PipelineFixture()) {
            other.seed(List.of(template("Alpha Beat")), "suno-key-AAAA-0001");
            String otherJob = other.pipeline.startRun().start(other.clock.instant(), "x").jobId();
            other.pipeline.prompt().normalize(otherJob, true, true, "");
            other.pipeline.musicSubmission().submit(otherJob);
            other.stub.setPollsUntilSuccess(0);
            other.s3Server.close();
            assertThatThrownBy(() -> other.pipeline.audio().store(otherJob)).isInstanceOf(com.beatgen.storage.StorageUnavailableException.class);
        } catch (IllegalStateException alreadyStopped) {
            // closing the fixture stops the already stopped S3 again
        }
    }

    @Test
    void failuresAreRecordedOnTheJobAndItsPromptAndNeverOverwriteACompletedJob() {
        f.seed(List.of(template("Alpha Beat")), "suno-key-AAAA-0001");
        String jobId = startJob();
        p.prompt().normalize(jobId, true, true, "");
        p.failure().record(jobId, "Suno.GenerationFailed", "GENERATE_AUDIO_FAILED");
        Job job = new JobRepository(f.database.jdbi(), f.clock).get(jobId);
        assertThat(job.status()).isEqualTo("failed");
        assertThat(job.errorName()).isEqualTo("Suno.GenerationFailed");
        String result = f.database.jdbi().withHandle(h -> h.createQuery("SELECT execution_result FROM prompt_record")
                .mapTo(String.class).one());
        assertThat(result).isEqualTo("failure");
    }

    record Counted(int n, String note) {
    }

    @Test
    void idempotencyReplaysTheFirstResultAndForgetsFailures() {
        AtomicInteger runs = new AtomicInteger();
        Counted first = p.idempotency().run("Step", "job-1", Counted.class, () -> new Counted(runs.incrementAndGet(), null));
        assertThat(p.idempotency().run("Step", "job-1", Counted.class, () -> new Counted(runs.incrementAndGet(), null)))
                .as("the replay is the first result, nulls included").isEqualTo(first);
        assertThat(runs).hasValue(1);
        assertThatThrownBy(() -> p.idempotency().run("Step", "job-2", Counted.class, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(p.idempotency().run("Step", "job-2", Counted.class, () -> new Counted(7, "x")).n()).isEqualTo(7);
        assertThatThrownBy(() -> p.idempotency().run("Step", "job-3", Counted.class, () ->
                p.idempotency().run("Step", "job-3", Counted.class, () -> new Counted(0, null))))
                .satisfies(e -> assertThat(((PipelineException) e).errorName()).isEqualTo("Idempotency.InProgress"));
    }

    @Test
    void promptVersionsCountPerTemplate() {
        BeatTemplate only = template("Alpha Beat");
        f.seed(List.of(only), "suno-key-AAAA-0001");
        for (int i = 0; i < 2; i++) {
            String jobId = startJob();
            p.prompt().normalize(jobId, false, false, "");
            p.failure().record(jobId, "Test.Done", "");
            f.clock.advance(Duration.ofHours(25));
        }
        List<Integer> versions = f.database.jdbi().withHandle(h -> h.createQuery("SELECT version FROM prompt_record ORDER BY version")
                .mapTo(Integer.class).list());
        assertThat(versions).containsExactly(1, 2);
    }
}
