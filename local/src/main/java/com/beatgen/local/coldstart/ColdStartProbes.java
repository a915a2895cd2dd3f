package com.beatgen.local.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.Json;
import com.beatgen.local.asl.LocalLambdaServer;
import com.beatgen.local.emulator.EmulatedFunction.Invocation;
import com.beatgen.local.emulator.EmulatedFunction.Report;
import com.beatgen.local.emulator.EmulatedFunction;
import com.beatgen.local.emulator.LambdaEmulator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Cold starts measured through the real Lambda runtime: each measurement is a fresh execution environment under the
 * Runtime Interface Emulator (the runtime client, the java21 runtime's JVM flags, the deployment jar), invoked twice.
 */
public record ColdStartProbes(LambdaEmulator emulator) implements AutoCloseable {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /**
     * One measurement (ms). {@code initMs} and {@code firstInvokeMs} are Lambda's (the emulator's INIT and the first
     * invocation's duration); {@code totalColdMs} is the client's, from the environment's start to the first answer;
     * {@code primeMs} the SnapStart hooks (part of INIT); {@code output} as the runtime serialized it, or {@code error}
     * (the runtime's error payload); {@code printed} what the environment printed.
     */
    public record Result(String function, String handler, boolean primed, double initMs, Double primeMs, double firstInvokeMs,
                         double totalColdMs, Double warmInvokeMs, JsonNode output, JsonNode error, JsonNode warmError, String printed) {

        public boolean failed() {
            return error != null;
        }
    }

    /**
     * Finds or builds the emulator ({@code BEATGEN_RIE} in {@code env}) and lays out the runtime's class path; each
     * function gets the memory {@code template} gives it.
     */
    public static ColdStartProbes create(Map<String, String> env, Path java, Path lambdaJar, Path template) {
        return new ColdStartProbes(LambdaEmulator.create(env, java, lambdaJar, template));
    }

    public Path lambdaJar() {
        return emulator.lambdaJar();
    }

    /** One cold start of {@code handlerClass} with {@code event} in a new environment, then the same event again (warm). */
    public Result run(String function, String handlerClass, byte[] event, boolean prime, Map<String, String> environment) {
        try (EmulatedFunction environmentOf = emulator.start(function, handlerClass, environment, prime)) {
            Invocation first = environmentOf.invoke(event);
            double totalCold = environmentOf.sinceStartMs();
            Invocation warm = first.functionError() ? null : environmentOf.invoke(event);
            Report report = environmentOf.report();
            if (report.initMs() == null || report.invocationMs().isEmpty()) {
                throw new IllegalStateException("The emulator reported no INIT or invocation for " + function + ":\n" + environmentOf.output());
            }
            JsonNode firstJson = json(first.body());
            return new Result(function, handlerClass, prime, report.initMs(), report.primeMs(), report.invocationMs().get(0), totalCold,
                    report.invocationMs().size() > 1 ? report.invocationMs().get(1) : null,
                    first.functionError() ? null : firstJson, first.functionError() ? firstJson : null,
                    warm != null && warm.functionError() ? json(warm.body()) : null, environmentOf.output());
        }
    }

    /**
     * A state machine Task served by a new environment per invocation: the result goes to {@code results}, the output
     * back to the state machine, and an error as the function error the runtime reports (same {@code errorType}).
     */
    public RequestHandler<Map<String, Object>, Map<String, Object>> task(String function, String handlerClass,
            BooleanSupplier prime, Map<String, String> environment, Consumer<Result> results) {
        return (input, context) -> {
            Result result = run(function, handlerClass, Json.write(input).getBytes(StandardCharsets.UTF_8), prime.getAsBoolean(),
                    environment);
            results.accept(result);
            if (result.failed()) {
                throw LocalLambdaServer.FunctionError.fromPayload(result.error());
            }
            return Json.MAPPER.convertValue(result.output(), MAP);
        };
    }

    private static JsonNode json(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("The function answered no JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void close() {
        emulator.close();
    }
}
