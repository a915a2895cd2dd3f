package com.beatgen.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.local.asl.LocalLambdaServer;
import com.beatgen.local.asl.LocalStateMachine.Execution;
import com.beatgen.local.asl.LocalStateMachine.HistoryEvent;
import com.beatgen.pipeline.CallbackSigner;
import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Fault injection around what is paid for: Suno's answer lost after it accepted (a database cut before the task id
 * was written, a timeout), forged and replayed callbacks, StartRun's answer lost after its commit, and a run killed
 * mid-poll. Real executions of the state machine file with Suno (the stub) calling the stack back, as it does. After
 * each: no job pays twice, every generation Suno was paid for ends in a beat or as an orphan with its files in S3,
 * no job stays processing, and the whole history passes {@link com.beatgen.ops.ConsistencyCheck}.
 */
class PaidGenerationChaosTest extends ChaosSuite {

    /** Later than the database outages below, within SubmitMusic's wait for a lost answer's callback (5 s locally). */
    private static final Duration CALLBACK_AFTER = Duration.ofMillis(2500);
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    Duration callbacks() {
        return CALLBACK_AFTER;
    }

    private static boolean erred(Execution execution, String state, String error) {
        return execution.history().stream().anyMatch(e -> state.equals(e.stateName()) && error.equals(e.error()));
    }

    private String column(String sql, String jobId) {
        return chaos.jdbi().withHandle(h -> h.createQuery(sql).bind("job", jobId).mapTo(String.class).findOne().orElse(null));
    }

    /** One beat, from the one generation Suno was paid for. */
    private void assertOneBeatFromOnePaidGeneration(Execution execution) {
        String jobId = ChaosStack.jobId(execution).orElseThrow();
        assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("SUCCEEDED");
        assertThat(chaos.stub.sunoTaskIds()).as("generations Suno was paid for").hasSize(1);
        assertThat(chaos.job(jobId)).containsEntry("status", "completed").containsEntry("suno_task_id", chaos.stub.sunoTaskIds().get(0));
        chaos.assertEveryPaidGenerationKept();
        chaos.assertConsistent();
    }

    @Test
    void theDatabaseCutBetweenSunosAcceptanceAndTheTaskIdWriteIsRecoveredFromTheCallbackWithoutPayingAgain() {
        // the transaction that counts the credits and stores the task id fails at its first statement
        chaos.cut.before("quota_remaining = GREATEST(quota_remaining -", Duration.ofMillis(1200));
        Execution execution = chaos.run();
        assertThat(erred(execution, "SubmitMusic", "Database.Unavailable")).as(execution.formatHistory()).isTrue();
        assertOneBeatFromOnePaidGeneration(execution);
    }

    @Test
    void theSubmitAnswerLostAfterSunoAcceptedIsRecoveredFromTheCallbackWithoutPayingAgain() {
        chaos.stub.inject(Api.SUNO, Fault.TIMEOUT, 1); // the task is created and paid; its answer comes after the read timeout
        Execution execution = chaos.run();
        assertThat(erred(execution, "SubmitMusic", "Provider.Transient")).as(execution.formatHistory()).isTrue();
        assertOneBeatFromOnePaidGeneration(execution);
    }

    private HttpResponse<String> post(String url, String taskId) {
        String body = "{\"code\":200,\"msg\":\"All generated successfully.\",\"data\":{\"callbackType\":\"complete\",\"task_id\":\""
                + taskId + "\",\"data\":[]}}";
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void forgedAndReplayedCallbacksDuringARunChangeNothing() {
        chaos.stub.setPollsUntilSuccess(3);
        Map<String, String> env = chaos.stack.functionEnvironment();
        CallbackSigner signer = new CallbackSigner(env.get(CallbackSigner.KEY), env.get(CallbackSigner.API_BASE_URL));
        CallbackSigner forger = new CallbackSigner("not-the-stack-s-key", env.get(CallbackSigner.API_BASE_URL));
        List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
        AtomicInteger waits = new AtomicInteger();
        Execution execution = chaos.run(e -> {
            if ("StateEntered".equals(e.type()) && "WaitForMusic".equals(e.stateName()) && waits.getAndIncrement() == 0) {
                Map<String, Object> job = chaos.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, suno_task_id FROM beat_job WHERE status = 'processing'").mapToMap().one());
                String jobId = (String) job.get("id");
                String task = (String) job.get("suno_task_id");
                answers.add(post(forger.url(jobId), "forged-task"));                                   // forged signature
                answers.add(post(env.get(CallbackSigner.API_BASE_URL) + CallbackSigner.PATH + jobId, "forged-task")); // none
                answers.add(post(signer.url(jobId), task));                                           // Suno's callback
                answers.add(post(signer.url(jobId), task));                                           // delivered again
            }
        });
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(401, 401, 200, 200);
        assertThat(answers.get(3).body()).contains("duplicate");
        String jobId = ChaosStack.jobId(execution).orElseThrow();
        assertThat(chaos.count("SELECT COUNT(*) FROM suno_callback WHERE task_id = 'forged-task'")).isZero();
        assertThat(chaos.count("SELECT COUNT(*) FROM suno_callback WHERE job_id = '" + jobId + "'")).isEqualTo(1);
        assertThat(chaos.count("SELECT COUNT(*) FROM suno_submission WHERE job_id = '" + jobId + "' AND status = 'orphaned'")).isZero();
        assertOneBeatFromOnePaidGeneration(execution);
    }

    @Test
    void startRunsAnswerLostAfterItsCommitIsRetriedIntoTheSameJob() {
        chaos.afterNext("StartRun", () -> {
            DatabaseCut.cut(chaos.database, Duration.ofMillis(300));
            throw new LocalLambdaServer.FunctionError("Database.Unavailable", "the connection was lost as the transaction committed",
                    List.of());
        });
        Execution execution = chaos.run();
        assertThat(erred(execution, "StartRun", "Database.Unavailable")).as(execution.formatHistory()).isTrue();
        String jobId = ChaosStack.jobId(execution).orElseThrow();
        assertThat(chaos.count("SELECT COUNT(*) FROM beat_job WHERE execution_id = (SELECT execution_id FROM beat_job WHERE id = '"
                + jobId + "')")).as("one job for the execution").isEqualTo(1);
        assertOneBeatFromOnePaidGeneration(execution);
    }

    /** Stops the run (its runner and the execution's marker end) when it enters {@code state} the {@code nth} time. */
    private static Consumer<HistoryEvent> killAt(String state, int nth) {
        AtomicInteger seen = new AtomicInteger();
        return e -> {
            if ("StateEntered".equals(e.type()) && state.equals(e.stateName()) && seen.incrementAndGet() == nth) {
                throw new IllegalStateException("killed");
            }
        };
    }

    private void assertKilledRunsJobFailedAtOnceAndItsGenerationKept(Consumer<HistoryEvent> kill, Runnable beforeNextRun)
            throws Exception {
        assertThatThrownBy(() -> chaos.run(kill)).hasMessageContaining("killed");
        String killed = chaos.jdbi().withHandle(h -> h.createQuery("SELECT id FROM beat_job WHERE status = 'processing'")
                .mapTo(String.class).one());
        beforeNextRun.run();

        Execution next = chaos.run();

        assertThat(next.status()).as(next.formatHistory()).isEqualTo("SUCCEEDED");
        assertThat(next.enteredStates()).as("the new run is not skipped").contains("PersistBeat");
        assertThat(chaos.job(killed)).containsEntry("status", "failed").containsEntry("error_name", "Pipeline.Abandoned");
        assertThat(column("SELECT p.execution_result FROM prompt_record p WHERE p.job_id = :job", killed))
                .as("its prompt record, in the same transaction").isEqualTo("failure");
        assertThat(ChaosStack.await(() -> "orphaned".equals(column("SELECT status FROM suno_submission WHERE job_id = :job"
                + " AND task_id IS NOT NULL", killed)), Duration.ofSeconds(15))).as("the killed job's paid generation kept").isTrue();
        assertThat(chaos.stub.sunoTaskIds()).as("one generation paid per job").hasSize(2);
        chaos.assertEveryPaidGenerationKept();
        chaos.assertConsistent();
    }

    @Test
    void aRunKilledMidPollHasItsJobFailedByTheNextRunAndItsGenerationKeptByTheLaterCallback() throws Exception {
        chaos.stub.setPollsUntilSuccess(1000); // only the callback completes the task: StartRun finds it unfinished
        // the next run's own task is called back well within its 30 polls (≈ 2.4 s here; the killed task's callback
        // stays at 2.5 s after its creation: a race with the polls when the machine is loaded)
        assertKilledRunsJobFailedAtOnceAndItsGenerationKept(killAt("WaitForMusic", 1),
                () -> chaos.stub.setCallbackDelay(Duration.ofMillis(300)));
    }

    @Test
    void aRunKilledMidPollHasItsJobFailedByTheNextRunWhichKeepsItsFinishedGeneration() throws Exception {
        chaos.stub.setCallbackDelay(null); // no callback: only StartRun can keep it
        chaos.stub.setPollsUntilSuccess(1); // the first poll answers in progress, every later one complete
        assertKilledRunsJobFailedAtOnceAndItsGenerationKept(killAt("WaitForMusic", 2), () -> { });
    }
}
