package com.beatgen.pipeline;

import static com.beatgen.catalog.Catalogs.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.ops.ConsistencyCheck;
import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.provider.ProviderException;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * Money is never spent twice or lost (issue: a lost Suno answer): every attempt is recorded before Suno is called, an
 * attempt whose answer was lost is taken over from Suno's callback, one without a callback is given up and paid again,
 * and a late callback for it keeps its clips as an orphan. Paid generations (the stub's tasks) always equal the
 * generations the database accounts for.
 */
class SunoSubmissionTest {

    @RegisterExtension
    static final PipelineFixture f = new PipelineFixture();
    private static CallbackSigner signer;

    @BeforeAll
    static void start() {
        signer = new CallbackSigner(PipelineFixture.CALLBACK_KEY, "https://example.com/prod");
    }

    @BeforeEach
    void reset() {
        f.reset();
        f.stub.setPollsUntilSuccess(0);
        f.seed(List.of(template("Night Study"), template("Day Study")), "suno-key-AAAA-0001");
    }

    private String jobWithPrompt() {
        String jobId = f.startJob();
        f.pipeline.prompt().normalize(jobId, true, true, "");
        return jobId;
    }

    private static String complete(String taskId) {
        return "{\"code\":200,\"msg\":\"All generated successfully.\",\"data\":{\"callbackType\":\"complete\",\"task_id\":\""
                + taskId + "\",\"data\":[]}}";
    }

    private static long rows(String where) {
        return f.database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM suno_submission WHERE " + where)
                .mapTo(Long.class).one());
    }

    private static void assertConsistent() {
        var report = new ConsistencyCheck(f.database.jdbi(), f.clock, f.pipeline.keyPool().generationCost()).run(Duration.ofDays(1));
        assertThat(report.describe()).isEmpty();
    }

    @Test
    void anAnswerLostAfterSunoAcceptedIsTakenOverFromTheCallbackNotPaidAgain() {
        String jobId = jobWithPrompt();
        f.stub.setTimeoutDelay(Duration.ofSeconds(2));
        f.stub.inject(Api.SUNO, Fault.TIMEOUT, 1); // the generation is created, its answer never arrives
        assertThatThrownBy(() -> f.pipeline.musicSubmission().submit(jobId)).isInstanceOf(ProviderException.class);
        assertThat(f.stub.sunoTaskIds()).hasSize(1);
        String task = f.stub.sunoTaskIds().get(0);
        assertThat(rows("status = 'pending'")).as("the attempt is on record, outcome unknown").isEqualTo(1);

        CallbackService.Outcome outcome = f.pipeline.callbackReceiver().receive(jobId, signer.signature(jobId), complete(task));
        assertThat(outcome.status()).isEqualTo("recorded");
        MusicService.Submission retried = f.pipeline.musicSubmission().submit(jobId);

        assertThat(retried.taskId()).isEqualTo(task);
        assertThat(f.stub.sunoTaskIds()).as("paid once").hasSize(1);
        assertThat(new JobRepository(f.database.jdbi(), f.clock).get(jobId).sunoTaskId()).isEqualTo(task);
        assertThat(rows("status = 'accepted'")).isEqualTo(1);
        assertThat(f.stub.credits("suno-key-AAAA-0001")).isEqualTo(500 - 12);
        assertConsistent();
    }

    @Test
    void aDatabaseCutBetweenAcceptanceAndTheTaskWriteIsTakenOverToo() {
        String jobId = jobWithPrompt();
        var request = new com.beatgen.provider.suno.SunoRequest("lo-fi", "Night Study", signer.url(jobId));
        assertThatThrownBy(() -> f.pipeline.suno().submit(jobId, request, (h, accepted) -> {
            throw new IllegalStateException("database cut");
        })).hasMessage("database cut");
        assertThat(rows("status = 'pending'")).isEqualTo(1);
        assertThat(new JobRepository(f.database.jdbi(), f.clock).get(jobId).sunoTaskId()).as("rolled back with the credits").isNull();
        String task = f.stub.sunoTaskIds().get(0);

        f.pipeline.callbackReceiver().receive(jobId, signer.signature(jobId), complete(task));
        assertThat(f.pipeline.musicSubmission().submit(jobId).taskId()).isEqualTo(task);
        assertThat(f.stub.sunoTaskIds()).hasSize(1);
        assertConsistent();
    }

    @Test
    void withoutACallbackTheAttemptIsGivenUpAndALateCallbackKeepsItsClipsAsAnOrphan() {
        String jobId = jobWithPrompt();
        f.stub.setTimeoutDelay(Duration.ofSeconds(2));
        f.stub.inject(Api.SUNO, Fault.TIMEOUT, 1);
        assertThatThrownBy(() -> f.pipeline.musicSubmission().submit(jobId)).isInstanceOf(ProviderException.class);
        String lost = f.stub.sunoTaskIds().get(0);

        long start = System.nanoTime();
        MusicService.Submission second = f.pipeline.musicSubmission().submit(jobId);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the callback first").isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(second.taskId()).isNotEqualTo(lost);
        assertThat(rows("status = 'unanswered'")).isEqualTo(1);

        CallbackService.Outcome late = f.pipeline.callbackReceiver().receive(jobId, signer.signature(jobId), complete(lost));

        assertThat(late.status()).isEqualTo("orphaned");
        String file = f.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT file_url FROM suno_submission WHERE status = 'orphaned' AND task_id = :task").bind("task", lost)
                .mapTo(String.class).one());
        String key = file.substring(("s3://" + PipelineFixture.BUCKET + "/").length());
        assertThat(f.s3.headObject(HeadObjectRequest.builder().bucket(PipelineFixture.BUCKET).key(key).build()).contentLength()).isPositive();
        assertThat(f.stub.sunoTaskIds()).as("two generations paid").hasSize(2);
        assertThat(rows("status IN ('accepted', 'orphaned')")).as("two generations accounted for").isEqualTo(2);
        assertThat(f.stub.credits("suno-key-AAAA-0001")).isEqualTo(500 - 24);
        assertConsistent();
    }

    @Test
    void aRefusedSubmissionIsSettledAtOnceAndNotAwaited() {
        String jobId = jobWithPrompt();
        f.stub.inject(Api.SUNO, Fault.SERVER_ERROR, 1);
        assertThatThrownBy(() -> f.pipeline.musicSubmission().submit(jobId)).isInstanceOf(ProviderException.class);
        assertThat(rows("status = 'refused'")).isEqualTo(1);

        long start = System.nanoTime();
        f.pipeline.musicSubmission().submit(jobId);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1000));
        assertThat(f.stub.sunoTaskIds()).hasSize(1);
        assertConsistent();
    }

    @Test
    void aForgedCallbackIsRefusedAndARedeliveryChangesNothing() {
        String jobId = jobWithPrompt();
        String other = "00000000-0000-0000-0000-000000000001";
        CallbackService callbacks = f.pipeline.callbackReceiver();
        String body = complete("task-1");

        assertThatThrownBy(() -> callbacks.receive(jobId, null, body)).isInstanceOf(CallbackService.Unauthorized.class);
        assertThatThrownBy(() -> callbacks.receive(jobId, "0".repeat(64), body)).isInstanceOf(CallbackService.Unauthorized.class);
        assertThatThrownBy(() -> callbacks.receive(jobId, signer.signature(other), body))
                .as("another job's signature").isInstanceOf(CallbackService.Unauthorized.class);
        assertThatThrownBy(() -> callbacks.receive(jobId, signer.signature(jobId), "not json")).isInstanceOf(CallbackService.Invalid.class);
        assertThatThrownBy(() -> callbacks.receive(jobId, signer.signature(jobId), "{\"data\":{\"task_id\":\"t\",\"callbackType\":\"bogus\"}}"))
                .isInstanceOf(CallbackService.Invalid.class);
        assertThat(count("suno_callback")).isZero();

        String text = body.replace("complete", "text");
        assertThat(callbacks.receive(jobId, signer.signature(jobId), text).status()).isEqualTo("recorded");
        assertThat(callbacks.receive(jobId, signer.signature(jobId), text).status()).isEqualTo("duplicate");
        assertThat(count("suno_callback")).isEqualTo(1);
        assertThat(callbacks.receive(other, signer.signature(other), text).status()).as("signed, but no such job").isEqualTo("ignored");
        assertThat(signer.url(jobId)).startsWith("https://example.com/prod/api/callbacks/suno/" + jobId + "?sig=");
    }

    private static long count(String table) {
        return f.count(table);
    }

    @Test
    void theSignatureIsTheHmacOfTheJobIdWithTheStacksKey() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(PipelineFixture.CALLBACK_KEY.getBytes(), "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("job-1".getBytes()));
        assertThat(signer.verify("job-1", expected)).isTrue();
        assertThat(signer.verify("job-1", expected.toUpperCase())).isFalse();
        assertThat(new CallbackSigner("another-key-0123456789", null).verify("job-1", expected)).isFalse();
    }
}
