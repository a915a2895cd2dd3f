package com.beatgen.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.local.asl.LocalStateMachine.Execution;
import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection, provider by provider: every fault class the stub speaks (429, 500, 503, timeout, malformed JSON,
 * blocked / refusal, out of credit, unauthorized, Suno's per-key limits and task failures, a task that never
 * finishes), each in a real execution of the state machine file. Each scenario names the outcome the seed's error
 * handling promises, and after each the whole history of the stack must pass {@link com.beatgen.ops.ConsistencyCheck}.
 */
class ProviderFaultChaosTest extends ChaosSuite {


    /** What a scenario does before (or, through the listener, during) its execution. */
    private interface Setup {
        Consumer<com.beatgen.local.asl.LocalStateMachine.HistoryEvent> apply(ChaosStack chaos);
    }

    private static Setup inject(Api provider, Fault fault, int times) {
        return chaos -> {
            chaos.stub.inject(provider, fault, times);
            return e -> { };
        };
    }

    /** Faults for Gemini's metadata calls: injected once the music is submitted (the concept call is done by then). */
    private static Setup injectAfterSubmission(Api provider, Fault fault, int times) {
        return chaos -> {
            AtomicBoolean injected = new AtomicBoolean();
            return e -> {
                if ("StateEntered".equals(e.type()) && "WaitForMusic".equals(e.stateName()) && injected.compareAndSet(false, true)) {
                    chaos.stub.inject(provider, fault, times);
                }
            };
        };
    }

    private static Setup nextKey(Fault fault) {
        return chaos -> {
            chaos.stub.injectForKey(chaos.nextKey(), fault, 1);
            return e -> { };
        };
    }

    private static Setup everyKey(Fault fault) {
        return chaos -> {
            chaos.keySecrets().forEach(key -> chaos.stub.injectForKey(key, fault, 1));
            return e -> { };
        };
    }

    private static Setup neverFinishes() {
        return chaos -> {
            chaos.stub.setPollsUntilSuccess(1000);
            return e -> { };
        };
    }

    /** {@code error} null: the execution succeeds with a beat; else it fails with that name and the job is failed. */
    private static Arguments scenario(String name, Setup setup, String error, String mustEnter) {
        return Arguments.of(name, setup, error, mustEnter);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                scenario("Gemini 429 once: retried", inject(Api.GEMINI, Fault.RATE_LIMITED, 1), null, "PersistBeat"),
                scenario("Gemini 500 through every retry: base prompt", inject(Api.GEMINI, Fault.SERVER_ERROR, 4), null, "ContinueWithoutConcept"),
                scenario("Gemini 503 through every retry: base prompt", inject(Api.GEMINI, Fault.UNAVAILABLE, 4), null, "ContinueWithoutConcept"),
                scenario("Gemini timeout once: retried", inject(Api.GEMINI, Fault.TIMEOUT, 1), null, "PersistBeat"),
                scenario("Gemini malformed JSON through every retry", inject(Api.GEMINI, Fault.MALFORMED_BODY, 4), null, "ContinueWithoutConcept"),
                scenario("Gemini blocked prompt", inject(Api.GEMINI, Fault.BLOCKED, 1), null, "ContinueWithoutConcept"),
                scenario("Gemini out of credit", inject(Api.GEMINI, Fault.OUT_OF_CREDIT, 1), null, "ContinueWithoutConcept"),
                scenario("Gemini unauthorized", inject(Api.GEMINI, Fault.UNAUTHORIZED, 1), null, "ContinueWithoutConcept"),
                scenario("Gemini down for the metadata: template metadata", injectAfterSubmission(Api.GEMINI, Fault.SERVER_ERROR, 4), null,
                        "RecordTemplateMetadata"),
                scenario("Gemini blocks the metadata: template metadata", injectAfterSubmission(Api.GEMINI, Fault.BLOCKED, 1), null,
                        "RecordTemplateMetadata"),
                scenario("OpenAI 429 through every retry: base prompt", inject(Api.OPENAI, Fault.RATE_LIMITED, 4), null, "RecordBasePrompt"),
                scenario("OpenAI 500 once: retried", inject(Api.OPENAI, Fault.SERVER_ERROR, 1), null, "PersistBeat"),
                scenario("OpenAI 503 through every retry: base prompt", inject(Api.OPENAI, Fault.UNAVAILABLE, 4), null, "RecordBasePrompt"),
                scenario("OpenAI timeout through every retry: base prompt", inject(Api.OPENAI, Fault.TIMEOUT, 4), null, "RecordBasePrompt"),
                scenario("OpenAI malformed JSON once: retried", inject(Api.OPENAI, Fault.MALFORMED_BODY, 1), null, "PersistBeat"),
                scenario("OpenAI refusal: base prompt", inject(Api.OPENAI, Fault.BLOCKED, 1), null, "RecordBasePrompt"),
                scenario("OpenAI out of credit: base prompt", inject(Api.OPENAI, Fault.OUT_OF_CREDIT, 1), null, "RecordBasePrompt"),
                scenario("OpenAI unauthorized: base prompt", inject(Api.OPENAI, Fault.UNAUTHORIZED, 1), null, "RecordBasePrompt"),
                scenario("Suno 429 once: retried", inject(Api.SUNO, Fault.RATE_LIMITED, 1), null, "PersistBeat"),
                scenario("Suno 500 through every retry", inject(Api.SUNO, Fault.SERVER_ERROR, 4), "Provider.Transient", "RecordFailure"),
                scenario("Suno 503 once: retried", inject(Api.SUNO, Fault.UNAVAILABLE, 1), null, "PersistBeat"),
                scenario("Suno maintenance (455) once: retried", inject(Api.SUNO, Fault.SUNO_MAINTENANCE_455, 1), null, "PersistBeat"),
                scenario("Suno timeout on submission: retried (the late task is the provider's)", inject(Api.SUNO, Fault.TIMEOUT, 1), null,
                        "PersistBeat"),
                scenario("Suno malformed JSON through every retry", inject(Api.SUNO, Fault.MALFORMED_BODY, 4), "Provider.InvalidResponse",
                        "RecordFailure"),
                scenario("Suno key rate limited (430): next key", nextKey(Fault.SUNO_KEY_RATE_LIMITED_430), null, "PersistBeat"),
                scenario("Suno key rate limited (405): next key", nextKey(Fault.SUNO_KEY_RATE_LIMITED_405), null, "PersistBeat"),
                scenario("Suno key out of credit: next key", nextKey(Fault.OUT_OF_CREDIT), null, "PersistBeat"),
                scenario("Suno key unauthorized: next key", nextKey(Fault.UNAUTHORIZED), null, "PersistBeat"),
                scenario("every Suno key out of credit", everyKey(Fault.OUT_OF_CREDIT), "Suno.NoKeyAvailable", "RecordFailure"),
                scenario("Suno blocked prompt", inject(Api.SUNO, Fault.BLOCKED, 1), "Suno.GenerationFailed", "GenerationFailed"),
                scenario("Suno generation failed", inject(Api.SUNO, Fault.SUNO_GENERATION_FAILED, 1), "Suno.GenerationFailed",
                        "GenerationFailed"),
                scenario("Suno success before the audio URLs: polled again", inject(Api.SUNO, Fault.SUNO_SUCCESS_WITHOUT_AUDIO, 1), null,
                        "PersistBeat"),
                scenario("Suno never finishes", neverFinishes(), "Suno.Timeout", "TimedOut"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aProviderFaultEndsInABeatOrANamedFailureAndLeavesTheDatabaseConsistent(String name, Setup setup, String error, String mustEnter) {
        Execution execution = chaos.run(setup.apply(chaos));
        String jobId = ChaosStack.jobId(execution).orElseThrow(() -> new AssertionError("no job started\n" + execution.formatHistory()));
        Map<String, Object> job = chaos.job(jobId);
        assertThat(execution.enteredStates()).as(execution.formatHistory()).contains(mustEnter);
        if (error == null) {
            assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("SUCCEEDED");
            assertThat(job.get("status")).isEqualTo("completed");
        } else {
            assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("FAILED");
            assertThat(execution.error()).isEqualTo(error);
            assertThat(job.get("status")).isEqualTo("failed");
            assertThat(job.get("error_name")).isEqualTo(error);
        }
        chaos.assertConsistent();
    }
}
