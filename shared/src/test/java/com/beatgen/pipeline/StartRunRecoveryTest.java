package com.beatgen.pipeline;

import static com.beatgen.catalog.Catalogs.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.ops.ConsistencyCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nothing stuck: StartRun's retries and the abandonment of jobs whose execution is gone. */
class StartRunRecoveryTest {

    @RegisterExtension
    static final PipelineFixture f = new PipelineFixture();

    @BeforeEach
    void reset() {
        f.reset();
        f.seed(List.of(template("Night Study"), template("Day Study"), template("Dusk Study")), "suno-key-AAAA-0001");
    }

    @Test
    void aRetriedStartRunWhoseFirstAttemptCommittedGetsTheSameJob() {
        StartRunService startRun = f.pipeline.startRun();
        StartRunService.Decision first = startRun.start(f.clock.instant(), "exec-1");
        f.clock.advance(Duration.ofSeconds(3));
        StartRunService.Decision retried = startRun.start(f.clock.instant(), "exec-1");

        assertThat(first.skipped()).isFalse();
        assertThat(retried).isEqualTo(first);
        assertThat(f.count("beat_job")).isEqualTo(1);
    }

    @Test
    void anAbandonedJobIsFailedWithItsPromptRecordInOneGo() {
        String stuck = f.startJob();
        f.pipeline.prompt().normalize(stuck, true, true, "");
        f.clock.advance(StartRunService.ABANDONED_AFTER.plusMinutes(1));

        String next = f.startJob();

        Job abandoned = new JobRepository(f.database.jdbi(), f.clock).get(stuck);
        assertThat(abandoned.status()).isEqualTo("failed");
        assertThat(abandoned.errorName()).isEqualTo("Pipeline.Abandoned");
        String result = f.database.jdbi().withHandle(h -> h.createQuery("SELECT execution_result FROM prompt_record WHERE job_id = :job")
                .bind("job", stuck).mapTo(String.class).one());
        assertThat(result).isEqualTo("failure");
        assertThat(next).isNotEqualTo(stuck);
        var report = new ConsistencyCheck(f.database.jdbi(), f.clock, f.pipeline.keyPool().generationCost()).run(Duration.ofHours(1));
        assertThat(report.describe()).isEmpty();
    }

    @Test
    void aJobWhoseExecutionEndedIsFailedAtOnceByTheNextStartRunNotAfterAnHour() {
        var jdbi = f.database.jdbi();
        StartRunService startRun = new StartRunService(jdbi, new JobRepository(jdbi, f.clock), new com.beatgen.catalog.TemplateRepository(jdbi),
                new PromptRepository(jdbi, f.clock), f.pipeline.keyPool(), () -> { }, f.pipeline.breakers(),
                executionId -> executionId.equals("exec-killed"), f.pipeline.orphans(), f.pipeline.executionLog(), f.clock);
        String killed = startRun.start(f.clock.instant(), "exec-killed").jobId();
        f.clock.advance(Duration.ofMinutes(15));

        StartRunService.Decision next = startRun.start(f.clock.instant(), "exec-next");

        assertThat(next.skipped()).as(next.reason()).isFalse();
        Job abandoned = new JobRepository(jdbi, f.clock).get(killed);
        assertThat(abandoned.status()).isEqualTo("failed");
        assertThat(abandoned.errorName()).isEqualTo("Pipeline.Abandoned");
        f.clock.advance(Duration.ofMinutes(15));
        assertThat(startRun.start(f.clock.instant(), "exec-third").reason())
                .as("a running execution's job is left alone").contains("already processing");
    }
}
