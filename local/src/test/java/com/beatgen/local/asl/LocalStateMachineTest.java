package com.beatgen.local.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.Json;
import com.beatgen.local.asl.LocalStateMachine.CauseFormat;
import com.beatgen.local.asl.LocalStateMachine.Execution;
import com.beatgen.local.asl.LocalStateMachine.HistoryEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the toy ASL (src/test/resources/asl/toy.asl.json, same integration style as the real definition) with
 * aws-local-stepfunctions, its Tasks dispatched to toy handlers through {@link LocalLambdaServer}.
 */
class LocalStateMachineTest {

    private static final List<String> FUNCTIONS = List.of("Greet", "Flaky", "Count", "Risky");
    /** The Flaky handler fails this many times per name, then succeeds; "never" always fails. */
    private static final int FLAKY_FAILURES = 2;

    /** How long the Slow handler takes: far over its Task's TimeoutSeconds of 1. */
    private static final Duration SLOW = Duration.ofSeconds(10);

    private static final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    private static final AtomicInteger countCalls = new AtomicInteger();
    private static LocalLambdaServer lambdas;
    private static Path toy;

    @BeforeAll
    static void startLambdas() throws URISyntaxException {
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers = new HashMap<>();
        handlers.put("Greet", (input, context) -> Map.of(
                "greeting", "hello " + input.get("name") + " from " + context.getFunctionName(),
                "executionId", input.get("executionId")));
        handlers.put("Flaky", (input, context) -> {
            String name = String.valueOf(input.get("name"));
            int attempt = flakyCalls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if ("never".equals(name) || attempt <= FLAKY_FAILURES) {
                throw new Toy.Flaky("flaky attempt " + attempt + " for " + name);
            }
            return Map.of("attempts", attempt);
        });
        handlers.put("Count", (input, context) -> {
            countCalls.incrementAndGet();
            return Map.of("count", ((Number) input.get("count")).intValue() + 1);
        });
        handlers.put("Risky", (input, context) -> {
            if ("fail".equals(input.get("mode"))) {
                throw new Toy.Broken("the toy broke: mode " + input.get("mode"));
            }
            return Map.of("verdict", "fine");
        });
        handlers.put("Slow", (input, context) -> {
            try {
                Thread.sleep(SLOW.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        });
        lambdas = LocalLambdaServer.start(handlers);
        toy = Path.of(LocalStateMachineTest.class.getResource("/asl/toy.asl.json").toURI());
    }

    @AfterAll
    static void stopLambdas() {
        lambdas.close();
    }

    private static LocalStateMachine toyMachine() {
        return new LocalStateMachine(toy, LocalStateMachine.functionArns(FUNCTIONS), lambdas.endpoint(),
                Duration.ofMillis(5), Duration.ofMillis(5));
    }

    private static Map<String, Object> input(String name, String mode) {
        return Map.of("name", name, "mode", mode, "counter", Map.of("count", 0));
    }

    @Test
    void runsTheToyMachineToSuccessWithRetriesWaitsAndTheChoiceLoop() {
        long started = System.nanoTime();
        Execution execution = toyMachine().run("happy-run", input("ada", "ok"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.print(execution.formatHistory());
        System.out.println("toy execution took " + took.toMillis() + " ms");

        assertEquals("SUCCEEDED", execution.status(), execution::formatHistory);
        assertNull(execution.error());
        JsonNode output = Json.MAPPER.valueToTree(execution.output());
        assertEquals("hello ada from Greet", output.at("/greet/greeting").asText());
        assertEquals("arn:aws:states:us-east-1:000000000000:execution:toy:happy-run",
                output.at("/greet/executionId").asText(), "$$.Execution.Id reaches the payload");
        assertEquals("$LATEST", output.at("/greet/version").asText());
        assertEquals(200, output.at("/greet/statusCode").asInt());
        assertEquals(FLAKY_FAILURES + 1, output.at("/flaky/attempts").asInt(), "the attempt after two retries");
        assertEquals(FLAKY_FAILURES + 1, flakyCalls.get("ada").get());
        assertEquals(3, output.at("/counter/count").asInt());
        assertEquals("fine", output.at("/risky/verdict").asText());
        assertEquals("ok", output.at("/mode").asText(), "ResultPath keeps the input");

        assertEquals(List.of("Greet", "Flaky", "Pause", "Count", "Enough", "Pause", "Count", "Enough", "Pause",
                "Count", "Enough", "Risky", "Done"), execution.enteredStates());
        List<HistoryEvent> flakyFailures = events(execution, "StateFailed", "Flaky");
        assertEquals(FLAKY_FAILURES, flakyFailures.size());
        flakyFailures.forEach(e -> assertEquals("Toy.Flaky", e.error()));
        assertEquals("flaky attempt 1 for ada", flakyFailures.get(0).cause());
        assertEquals(FLAKY_FAILURES, events(execution, "StateRetried", "Flaky").size());
        assertEquals("ExecutionStarted", execution.history().get(0).type());
        assertEquals("ExecutionSucceeded", execution.history().get(execution.history().size() - 1).type());

        // 3 waits of 10 s and retries of 10 s + 20 s (60 s in all), overridden to 5 ms each: the execution itself,
        // from ExecutionStarted to ExecutionSucceeded, stays far below 5 s; the wall clock adds node's start (≈ 0.5 s
        // on an idle machine) and gets a looser bound, for a loaded CI machine
        Duration run = Duration.between(execution.history().get(0).timestamp(),
                execution.history().get(execution.history().size() - 1).timestamp());
        System.out.println("toy execution ran " + run.toMillis() + " ms");
        assertTrue(run.compareTo(Duration.ofSeconds(5)) < 0, "ran " + run);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
    }

    @Test
    void caughtErrorGoesThroughPassToFailWithTheHandlersExceptionNameAndMessage() {
        Execution execution = toyMachine().run("broken-run", input("bob", "fail"));
        System.out.print(execution.formatHistory());

        assertEquals("FAILED", execution.status());
        assertEquals("Toy.Broken", execution.error());
        assertEquals("the toy broke: mode fail", execution.cause());
        assertNull(execution.output());
        List<String> entered = execution.enteredStates();
        assertEquals(List.of("Risky", "Recover", "Failed"), entered.subList(entered.size() - 3, entered.size()));
        assertEquals(1, events(execution, "StateCaught", "Risky").size());
        HistoryEvent recovered = events(execution, "StateExited", "Recover").get(0);
        JsonNode recoverOutput = Json.MAPPER.valueToTree(recovered.output());
        assertEquals("Toy.Broken", recoverOutput.at("/error/Error").asText(), "Catch ResultPath holds Error");
        assertEquals("the toy broke: mode fail", recoverOutput.at("/recovered/cause").asText());
        HistoryEvent last = execution.history().get(execution.history().size() - 1);
        assertEquals("ExecutionFailed", last.type());
        assertEquals("Toy.Broken", last.error());
    }

    @Test
    void retriesStopAfterMaxAttemptsAndTheErrorFailsTheExecution() {
        Execution execution = toyMachine().run("never-run", input("never", "ok"));

        assertEquals("FAILED", execution.status());
        assertEquals("Toy.Flaky", execution.error());
        assertEquals("flaky attempt 4 for never", execution.cause());
        assertEquals(4, flakyCalls.get("never").get(), "the first attempt and MaxAttempts 3 retries");
        assertEquals(3, events(execution, "StateRetried", "Flaky").size());
        assertEquals(List.of("Greet", "Flaky"), execution.enteredStates());
    }

    @Test
    void payloadCauseFormatGivesTheLambdaErrorPayloadAsAwsDoes() throws Exception {
        Execution execution = toyMachine().withCauseFormat(CauseFormat.PAYLOAD).run(null, input("cy", "fail"));

        assertEquals("Toy.Broken", execution.error());
        JsonNode cause = Json.MAPPER.readTree(execution.cause());
        assertEquals("Toy.Broken", cause.path("errorType").asText());
        assertEquals("the toy broke: mode fail", cause.path("errorMessage").asText());
        assertTrue(cause.path("stackTrace").isArray() && cause.path("stackTrace").size() > 0);
    }

    @Test
    void unknownFunctionIsLambdaResourceNotFound() {
        Map<String, String> substitutions = new HashMap<>(LocalStateMachine.functionArns(FUNCTIONS));
        substitutions.put("GreetFunctionArn", LocalLambdaServer.functionArn("NoSuchFunction"));
        Execution execution = new LocalStateMachine(toy, substitutions, lambdas.endpoint(), Duration.ZERO,
                Duration.ZERO).run("missing-function", input("dee", "ok"));

        assertEquals("FAILED", execution.status());
        assertEquals("Lambda.ResourceNotFoundException", execution.error());
        assertTrue(execution.cause().contains("Function not found"), execution.cause());
    }

    @Test
    void unreachableEndpointIsLambdaSdkClientException() {
        LocalStateMachine unreachable = new LocalStateMachine(toy, LocalStateMachine.functionArns(FUNCTIONS),
                "http://127.0.0.1:9", Duration.ZERO, Duration.ZERO);
        Execution execution = unreachable.run("no-endpoint", input("eve", "ok"));

        assertEquals("Lambda.SdkClientException", execution.error());
        assertEquals(0, events(execution, "StateRetried", "Greet").size(), "Greet has no Retry");
    }

    @Test
    void aMissingSubstitutionIsAClearError() {
        Map<String, String> substitutions = new HashMap<>(LocalStateMachine.functionArns(FUNCTIONS));
        substitutions.remove("RiskyFunctionArn");
        LocalStateMachine incomplete = new LocalStateMachine(toy, substitutions, lambdas.endpoint(), null, null);

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> incomplete.run("incomplete", input("fay", "ok")));
        assertTrue(error.getMessage().contains("${RiskyFunctionArn}"), error.getMessage());
    }

    @Test
    void executionsRunConcurrently() {
        LocalStateMachine machine = toyMachine();
        CompletableFuture<Execution> first = CompletableFuture.supplyAsync(() -> machine.run("c1", input("gus", "ok")));
        CompletableFuture<Execution> second = CompletableFuture.supplyAsync(() -> machine.run("c2", input("hal", "fail")));

        assertEquals("SUCCEEDED", first.join().status());
        assertEquals("Toy.Broken", second.join().error());
    }

    @Test
    void aTaskOverItsTimeoutSecondsFailsWithStatesTimeoutWithoutWaitingForTheFunction() throws URISyntaxException {
        Path timeout = Path.of(LocalStateMachineTest.class.getResource("/asl/timeout.asl.json").toURI());
        long started = System.nanoTime();
        Execution execution = new LocalStateMachine(timeout, LocalStateMachine.functionArns(List.of("Slow")),
                lambdas.endpoint(), null, null).run("slow-run", Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals("FAILED", execution.status());
        assertEquals("States.Timeout", execution.error());
        assertTrue(took.compareTo(SLOW.minusSeconds(2)) < 0, "the runner does not wait for the function: " + took);
    }

    @Test
    void functionArnsFollowSamDefinitionSubstitutions() {
        assertEquals(Map.of("StartRunFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:StartRun"),
                LocalStateMachine.functionArns(List.of("StartRun")));
    }

    private static List<HistoryEvent> events(Execution execution, String type, String stateName) {
        return execution.history().stream()
                .filter(e -> type.equals(e.type()) && stateName.equals(e.stateName()))
                .toList();
    }
}
