package com.beatgen.local.emulator;

import com.beatgen.local.emulator.start.PrimedStart;
import com.beatgen.testkit.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda execution environment under the Runtime Interface Emulator: the emulator process (listening on
 * 127.0.0.1 only) and, from the first invocation on, the function's JVM under the runtime client. Invocations are
 * one at a time, as in Lambda. The emulator's log gives Lambda's own numbers: INIT (process start → the runtime's
 * first {@code /next}) and each invocation's duration.
 */
public final class EmulatedFunction implements AutoCloseable {

    private static final Pattern INIT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    private static final Pattern INVOKE = Pattern.compile("INVOKE RTDONE\\(status: (\\w+),.*duration: ([0-9.]+)ms\\)");
    private static final Pattern PRIMED = Pattern.compile(Pattern.quote(PrimedStart.PRIMED_PREFIX) + "([0-9.]+)");
    private static final List<String> DROPPED_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH");

    private final String function;
    private final Process process;
    private final Path log;
    private final URI invocations;
    private final HttpClient http;
    private final long startedNanos;
    private int invocationsDone;

    /** One invocation: the answer's bytes, whether it is a function error, the client's time from request to answer. */
    public record Invocation(byte[] body, boolean functionError, double clientMs) {
    }

    /** Lambda's numbers from the emulator's log: INIT, the hooks' time when primed, every invocation's duration. */
    public record Report(Double initMs, Double primeMs, List<Double> invocationMs) {
    }

    private EmulatedFunction(String function, Process process, Path log, URI invocations, long startedNanos) {
        this.function = function;
        this.process = process;
        this.log = log;
        this.invocations = invocations;
        this.startedNanos = startedNanos;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static EmulatedFunction start(LambdaEmulator emulator, String function, String handler, Map<String, String> environment, boolean primed) {
        try {
            int port = LoopbackPorts.free();
            int runtimeApiPort = LoopbackPorts.free(port);
            List<String> command = new ArrayList<>(List.of(emulator.rie().toString(),
                    "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                    "--runtime-api-address", "127.0.0.1:" + runtimeApiPort,
                    emulator.java().toString()));
            int memoryMb = emulator.memory().ofHandler(handler);
            command.addAll(LambdaEmulator.runtimeJvmFlags(memoryMb));
            command.addAll(emulator.extraJvmFlags());
            command.addAll(List.of("-cp", emulator.classPath(),
                    primed ? PrimedStart.class.getName() : "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(emulator.work().toFile());
            Map<String, String> variables = builder.environment();
            variables.clear();
            variables.putAll(environment);
            DROPPED_VARIABLES.forEach(variables::remove);
            variables.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            variables.put("AWS_LAMBDA_FUNCTION_NAME", function);
            variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memoryMb));
            variables.putIfAbsent("AWS_LAMBDA_FUNCTION_TIMEOUT", "300");
            if (!primed) {
                // as Lambda tells an INIT. Not "snap-start" when primed: the runtime client would then ask the
                // emulator for a restore, which it does not serve.
                variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            }
            variables.putIfAbsent("AWS_REGION", "us-east-1");
            variables.put("TZ", "UTC");
            Path log = Files.createTempFile(emulator.work(), function + "-", ".log");
            long started = System.nanoTime();
            Process process = builder.redirectOutput(log.toFile()).start();
            return new EmulatedFunction(function, process, log,
                    URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations"), started);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the emulator " + emulator.rie(), e);
        }
    }

    /**
     * Invokes the function with {@code event}; the first invocation also starts its JVM (the emulator initialises on
     * the first invocation). A function error comes back as the runtime's error JSON with {@code functionError}.
     */
    public synchronized Invocation invoke(byte[] event) {
        HttpRequest request = HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(310))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long sent = System.nanoTime();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                double clientMs = (System.nanoTime() - sent) / 1e6;
                invocationsDone++;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("The emulator answered HTTP " + response.statusCode() + " for " + function
                            + ": " + new String(response.body()) + "\n" + output());
                }
                return new Invocation(response.body(), functionError(response.body()), clientMs);
            } catch (ConnectException e) { // the emulator is not listening yet
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("The emulator of " + function + " did not listen: " + output(), e);
                }
                Thread.onSpinWait();
            } catch (IOException e) {
                throw new UncheckedIOException("Invoking " + function + " failed: " + output(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while invoking " + function, e);
            }
        }
    }

    /** Milliseconds from this environment's start (the emulator's spawn) until now. */
    public double sinceStartMs() {
        return (System.nanoTime() - startedNanos) / 1e6;
    }

    /** Lambda's numbers so far. */
    public Report report() {
        String printed = output();
        Double init = last(INIT.matcher(printed), 1);
        Double primed = last(PRIMED.matcher(printed), 1);
        List<Double> invocationMs = new ArrayList<>();
        Matcher invoke = INVOKE.matcher(printed);
        while (invoke.find()) {
            invocationMs.add(Double.parseDouble(invoke.group(2)));
        }
        return new Report(init, primed, invocationMs);
    }

    /** What the emulator and the function printed. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Double last(Matcher matcher, int group) {
        Double value = null;
        while (matcher.find()) {
            value = Double.parseDouble(matcher.group(group));
        }
        return value;
    }

    /** The runtime's error payload: an object with {@code errorType} and {@code errorMessage} and nothing else of a response. */
    private static boolean functionError(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.startsWith("{\"errorMessage\"") || text.startsWith("{\"errorType\"");
    }

    /** Ends the environment: the emulator and the function's JVM (as Lambda ends one, without a shutdown phase). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a log left in the work directory
        }
    }
}
