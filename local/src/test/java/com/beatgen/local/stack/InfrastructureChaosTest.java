package com.beatgen.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.local.asl.LocalStateMachine.Execution;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection below the providers: the database taken away in the middle of PersistBeat's transaction (after the
 * beat and its tags were written, before the counters and the job) and brought back, and S3 stopped while the audio
 * is about to be stored. Real executions of the state machine file; after each, the whole history must pass
 * {@link com.beatgen.ops.ConsistencyCheck}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureChaosTest extends ChaosSuite {

    /** PersistBeat's transaction, after the beat and its tags were written, before the counters and the job. */
    private static final String PERSIST_BEAT_TAGS = "INSERT INTO beat_tag";

    private long beatsOf(String jobId) {
        return chaos.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat WHERE job_id = :job").bind("job", jobId)
                .mapTo(Long.class).one());
    }

    /** 300 ms: shorter than a connection attempt (1 s); 2.5 s: longer than one, shorter than PersistBeat's retries. */
    @ParameterizedTest(name = "database away for {0} ms")
    @ValueSource(longs = {300, 2500})
    @Order(1)
    void theDatabaseGoneInsidePersistBeatIsRetriedIntoOneCompleteBeat(long outageMillis) {
        chaos.cut.after(PERSIST_BEAT_TAGS, Duration.ofMillis(outageMillis));
        Execution execution = chaos.run();
        String jobId = ChaosStack.jobId(execution).orElseThrow();
        assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("SUCCEEDED");
        assertThat(execution.history()).as("PersistBeat was retried").anyMatch(e -> "PersistBeat".equals(e.stateName())
                && "Database.Unavailable".equals(e.error()));
        assertThat(chaos.job(jobId).get("status")).isEqualTo("completed");
        assertThat(beatsOf(jobId)).isEqualTo(1);
        chaos.assertConsistent();
    }

    @Test
    @Order(3)
    void theDatabaseGoneThroughEveryPersistBeatRetryEndsInARecordedFailureOnceItIsBack() {
        chaos.cut.after(PERSIST_BEAT_TAGS, null);
        Execution execution = chaos.run(e -> {
            if ("StateEntered".equals(e.type()) && "RecordFailure".equals(e.stateName())) {
                chaos.database.restore(); // back for RecordFailure (which retries Database.Unavailable itself)
            }
        });
        String jobId = ChaosStack.jobId(execution).orElseThrow();
        assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("FAILED");
        assertThat(execution.error()).isEqualTo("Database.Unavailable");
        Map<String, Object> job = chaos.job(jobId);
        assertThat(job.get("status")).isEqualTo("failed");
        assertThat(job.get("error_name")).isEqualTo("Database.Unavailable");
        assertThat(beatsOf(jobId)).as("nothing half-written").isZero();
        chaos.assertConsistent();
        Execution next = chaos.run();
        assertThat(next.status()).as("the next run is not blocked: " + next.formatHistory()).isEqualTo("SUCCEEDED");
        chaos.assertConsistent();
    }

    @Test
    @Order(4)
    void s3StoppedBeforeStoreAudioIsRetriedThenRecordedAsStorageUnavailable() {
        Execution execution = chaos.run(e -> {
            if ("StateEntered".equals(e.type()) && "WaitForMusic".equals(e.stateName())) {
                chaos.stack.s3().close(); // S3Proxy cannot come back on its port: this scenario runs last
            }
        });
        String jobId = ChaosStack.jobId(execution).orElseThrow();
        assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("FAILED");
        assertThat(execution.error()).as(execution.formatHistory()).isEqualTo("Storage.Unavailable");
        assertThat(execution.history().stream().filter(e -> "StoreAudio".equals(e.stateName()) && "Storage.Unavailable".equals(e.error())))
                .as("retried").hasSizeGreaterThan(1);
        assertThat(chaos.job(jobId).get("status")).isEqualTo("failed");
        assertThat(beatsOf(jobId)).isZero();
        chaos.assertConsistent();
    }
}
