package com.beatgen.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.config.Env;
import com.beatgen.db.TestDatabase;
import com.beatgen.keys.KeyCipher;
import com.beatgen.local.LocalDatabase;
import com.beatgen.local.asl.LocalStateMachine.Execution;
import com.beatgen.local.asl.LocalStateMachine.HistoryEvent;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.testkit.stub.ProviderStub;
import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real state machine with every Task under the Lambda Runtime Interface Emulator ({@code --runtime emulator}): the
 * deployment jar (built by the functions module before this one) in one warm JVM per function, so events, results and
 * errors cross the runtime client's serialization. One stack for the class: each function's JVM starts once.
 */
class EmulatedTasksTest {

    private static final Path LAMBDA_JAR = Path.of("..", "functions", "target", "beatgen-functions-lambda.jar");

    @TempDir
    static Path home;
    private static EmulatedTasks tasks;
    private static LocalStack stack;
    private static ProviderStub stub;

    @BeforeAll
    static void start() {
        tasks = new EmulatedTasks(LambdaEmulator.create(System.getenv(), LambdaEmulator.currentJava(), LAMBDA_JAR,
                Path.of("..", "infrastructure", "template.yaml")));
        stack = LocalStack.start(new Env(Map.of(KeyCipher.VARIABLE, KeyCipher.newDataKey())),
                LocalDatabase.of(TestDatabase.freshConfig(), "test"), home, null,
                Path.of("..", "statemachine", "beat-generation.asl.json"), LocalStack.Options.fast().withDispatch(tasks));
        stack.loadCatalogIfEmpty(Path.of("..", "catalog", "beat_catalog.xml"));
        stub = stack.stub().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    private static long count(String sql) {
        return stack.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void anExecutionEndsInABeatWithEachFunctionInOneWarmEnvironment() {
        stub.setPollsUntilSuccess(2);
        Execution execution = stack.runManual(event -> { });

        assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("SUCCEEDED");
        assertThat(execution.enteredStates()).containsSubsequence("StartRun", "GenerateConcept", "NormalizePrompt", "SubmitMusic",
                "PollMusic", "PollMusic", "StoreAudio", "GenerateMetadata", "PersistBeat", "BeatCreated");
        String beatId = String.valueOf(((Map<?, ?>) execution.output()).get("beatId"));
        Map<String, Object> beat = stack.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT b.file_url, b.alt_file_url, j.status FROM beat b JOIN beat_job j ON j.id = b.job_id WHERE b.id = :id")
                .bind("id", beatId).mapToMap().one());
        assertThat(beat).containsEntry("status", "completed");
        assertThat(beat.get("file_url")).asString().startsWith("s3://" + LocalStack.BUCKET + "/");
        assertThat(beat.get("alt_file_url")).isNotNull();
        assertThat(tasks.report("PollMusic")).as("PollMusic's environment served both polls")
                .hasValueSatisfying(report -> assertThat(report.invocationMs()).hasSizeGreaterThanOrEqualTo(2));
        assertThat(tasks.report("PersistBeat").orElseThrow().initMs()).as("Lambda's INIT of the function's JVM").isPositive();
    }

    @Test
    void aProviderErrorReachesRetryAndCatchUnderItsOwnNameFromTheRuntime() {
        stub.inject(Api.GEMINI, Fault.SERVER_ERROR, 4); // the first try and 3 retries
        long conceptCalls = tasks.report("GenerateConcept").map(r -> r.invocationMs().size()).orElse(0);

        Execution execution = stack.runManual(event -> { });

        assertThat(execution.status()).as(execution.formatHistory()).isEqualTo("SUCCEEDED");
        List<String> conceptErrors = execution.history().stream()
                .filter(e -> "GenerateConcept".equals(e.stateName()) && e.error() != null).map(HistoryEvent::error).toList();
        assertThat(conceptErrors).as(execution.formatHistory()).isNotEmpty().containsOnly("Provider.Transient");
        assertThat(execution.enteredStates()).as("caught after the retries").contains("ContinueWithoutConcept", "BeatCreated");
        assertThat(tasks.report("GenerateConcept").orElseThrow().invocationMs()).as("the first try and 3 retries, in one environment")
                .hasSize((int) conceptCalls + 4);
        assertThat(count("SELECT COUNT(*) FROM execution_log WHERE level = 'WARN' AND message LIKE 'Gemini unavailable%'")).isEqualTo(1);
    }
}
