package com.beatgen.local.asl;

import com.beatgen.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an Amazon States Language definition locally the way Step Functions would: the real ASL file, executed by
 * {@code aws-local-stepfunctions} (Node.js, {@code local/asl/run-execution.mjs}), every Task state dispatched to a
 * Lambda-invoke endpoint such as {@link LocalLambdaServer}. Supports the optimized integration
 * ({@code arn:aws:states:::lambda:invoke}, {@code Parameters.FunctionName/Payload}, result
 * {@code {ExecutedVersion, Payload, StatusCode}}) and plain Lambda function ARNs as {@code Resource}.
 *
 * <p>A function error reaches the state machine with {@code Error} = the exception's class name ({@code errorType})
 * and {@code Cause} = its message ({@link CauseFormat#MESSAGE}, the default) or the whole Lambda error payload as a
 * JSON string, as AWS does ({@link CauseFormat#PAYLOAD}). Lambda service failures are named as in AWS
 * ({@code Lambda.ResourceNotFoundException}, {@code Lambda.ServiceException}, {@code Lambda.SdkClientException} …).
 *
 * <p>Needs Node.js 20+ and npm on the PATH; the first run installs {@code local/asl}'s locked dependencies
 * ({@code npm ci}). Each {@link #run} starts one {@code node} process (≈ 1 s); runs may be concurrent.
 */
public final class LocalStateMachine {

    /** Where {@code local/asl} is: a system property or environment variable of this name, else found upwards. */
    public static final String ASL_DIR = "BEATGEN_ASL_DIR";

    private static final String RUNNER = "run-execution.mjs";
    private static final String LIBRARY = "aws-local-stepfunctions";
    private static final Object INSTALL_LOCK = new Object();
    private static final long INSTALL_TIMEOUT_MINUTES = 10;

    /** What a Lambda function error's {@code Cause} is. */
    public enum CauseFormat {
        /** the exception message ({@code errorMessage}) */
        MESSAGE,
        /** the whole error payload {@code {"errorMessage","errorType","stackTrace"}} as a JSON string, as in AWS */
        PAYLOAD
    }

    /** One entry of an execution's history, as the library logs it. */
    public record HistoryEvent(String type, String stateName, String stateType, Instant timestamp, String error,
            String cause, Object input, Object output, Integer retryAttempt) {

        /** One line: time, event type, state, error and cause. */
        public String describe() {
            StringBuilder line = new StringBuilder().append(timestamp).append("  ")
                    .append(String.format(Locale.ROOT, "%-18s", type));
            if (stateName != null) {
                line.append(' ').append(stateName).append(" (").append(stateType).append(')');
            }
            if (retryAttempt != null) {
                line.append(" retry ").append(retryAttempt);
            }
            if (error != null) {
                line.append("  ").append(error);
                String readable = com.beatgen.pipeline.FailureService.readable(cause);
                if (!readable.isEmpty()) {
                    line.append(": ").append(readable);
                }
            }
            return line.toString();
        }

        /**
         * This event with every Lambda error payload (its cause, and those carried in the state's input and output by a
         * Catch) reduced to the error message: names and causes, no stack traces.
         */
        public HistoryEvent readable() {
            return new HistoryEvent(type, stateName, stateType, timestamp, error,
                    cause == null ? null : com.beatgen.pipeline.FailureService.readable(cause), withoutStackTraces(input),
                    withoutStackTraces(output), retryAttempt);
        }

        private static Object withoutStackTraces(Object value) {
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> copy = new java.util.LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, withoutStackTraces(v)));
                return copy;
            }
            if (value instanceof List<?> list) {
                return list.stream().map(HistoryEvent::withoutStackTraces).toList();
            }
            if (value instanceof String text && text.startsWith("{") && text.contains("\"stackTrace\"")) {
                return com.beatgen.pipeline.FailureService.readable(text);
            }
            return value;
        }
    }

    /**
     * The outcome of one execution: {@code status} is {@code SUCCEEDED} (with {@code output}), {@code FAILED},
     * {@code TIMED_OUT} or {@code ABORTED} (with {@code error} and {@code cause}).
     */
    public record Execution(String status, Object output, String error, String cause, List<HistoryEvent> history) {

        public Execution {
            history = List.copyOf(history);
        }

        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }

        /** The names of the states entered, in order (a state entered twice appears twice). */
        public List<String> enteredStates() {
            return history.stream().filter(e -> "StateEntered".equals(e.type())).map(HistoryEvent::stateName).toList();
        }

        /** The history, one {@link HistoryEvent#describe() line} per event, then the status line. */
        public String formatHistory() {
            StringBuilder text = new StringBuilder();
            history.forEach(e -> text.append(e.describe()).append('\n'));
            text.append(status);
            if (error != null) {
                text.append("  ").append(error).append(": ").append(com.beatgen.pipeline.FailureService.readable(cause));
            }
            return text.append('\n').toString();
        }
    }

    private final Path definition;
    private final Map<String, String> substitutions;
    private final String lambdaEndpoint;
    private final Duration waitOverride;
    private final Duration retryIntervalOverride;
    private final CauseFormat causeFormat;

    /**
     * @param definition            the ASL file
     * @param substitutions         definition substitutions, e.g. {@code StartRunFunctionArn} → an ARN (keys with or
     *                              without {@code ${}}); a placeholder without one fails the run
     * @param lambdaEndpoint        where Task states invoke functions, e.g. {@link LocalLambdaServer#endpoint()}
     * @param waitOverride          if not null, how long every Wait state waits
     * @param retryIntervalOverride if not null, every Retry interval (no backoff; still capped by MaxDelaySeconds)
     */
    public LocalStateMachine(Path definition, Map<String, String> substitutions, String lambdaEndpoint,
            Duration waitOverride, Duration retryIntervalOverride) {
        this(definition, substitutions, lambdaEndpoint, waitOverride, retryIntervalOverride, CauseFormat.MESSAGE);
    }

    private LocalStateMachine(Path definition, Map<String, String> substitutions, String lambdaEndpoint,
            Duration waitOverride, Duration retryIntervalOverride, CauseFormat causeFormat) {
        this.definition = definition.toAbsolutePath().normalize();
        this.substitutions = Map.copyOf(substitutions);
        this.lambdaEndpoint = Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
        this.waitOverride = waitOverride;
        this.retryIntervalOverride = retryIntervalOverride;
        this.causeFormat = Objects.requireNonNull(causeFormat, "causeFormat");
        if (!Files.isRegularFile(this.definition)) {
            throw new IllegalArgumentException("No state machine definition at " + this.definition);
        }
    }

    /** The same state machine with function errors' {@code Cause} in the given format. */
    public LocalStateMachine withCauseFormat(CauseFormat format) {
        return new LocalStateMachine(definition, substitutions, lambdaEndpoint, waitOverride, retryIntervalOverride,
                format);
    }

    /**
     * {@code ${NameFunctionArn}} substitutions for the given function names: key {@code NameFunctionArn} (as in SAM's
     * {@code DefinitionSubstitutions}) → {@code arn:aws:lambda:us-east-1:000000000000:function:Name}.
     */
    public static Map<String, String> functionArns(Collection<String> names) {
        Map<String, String> arns = new LinkedHashMap<>();
        for (String name : names) {
            arns.put(name + "FunctionArn", LocalLambdaServer.functionArn(name));
        }
        return arns;
    }

    /** Runs one execution to its end. */
    public Execution run(String executionName, Map<String, Object> input) {
        return run(executionName, input, event -> {
        });
    }

    /** Runs one execution to its end; {@code listener} sees each history event as it happens. */
    public Execution run(String executionName, Map<String, Object> input, Consumer<HistoryEvent> listener) {
        Path dir = aslDirectory();
        ensureInstalled(dir);
        Process process;
        try {
            process = new ProcessBuilder(command("node"), RUNNER).directory(dir.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start node: Node.js 20+ must be on the PATH to run " + definition, e);
        }
        StreamCollector stderr = StreamCollector.start(process.getErrorStream(), "asl-runner-stderr");
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(Json.MAPPER.writeValueAsBytes(request(executionName, input)));
            }
            List<HistoryEvent> history = new ArrayList<>();
            JsonNode result = null;
            try (BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record = Json.MAPPER.readTree(line);
                    String type = record.path("type").asText();
                    if ("event".equals(type)) {
                        HistoryEvent event = historyEvent(record);
                        history.add(event);
                        listener.accept(event);
                    } else if ("result".equals(type)) {
                        result = record;
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || result == null) {
                throw new IllegalStateException("The ASL runner failed (exit code " + exit + ") for " + definition
                        + ": " + stderr.text().strip());
            }
            return new Execution(result.path("status").asText(), value(result.get("output")),
                    text(result.get("error")), text(result.get("cause")), history);
        } catch (IOException e) {
            throw new UncheckedIOException("Talking to the ASL runner failed: " + stderr.text().strip(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + definition, e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private ObjectNode request(String executionName, Map<String, Object> input) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("definitionPath", definition.toString());
        request.set("substitutions", Json.MAPPER.valueToTree(substitutions));
        request.set("input", Json.MAPPER.valueToTree(input == null ? Map.of() : input));
        if (executionName != null) {
            request.put("executionName", executionName);
        }
        request.put("endpoint", lambdaEndpoint);
        if (waitOverride != null) {
            request.put("waitMs", waitOverride.toMillis());
        }
        if (retryIntervalOverride != null) {
            request.put("retryIntervalMs", retryIntervalOverride.toMillis());
        }
        request.put("causeFormat", causeFormat == CauseFormat.PAYLOAD ? "payload" : "message");
        return request;
    }

    private static HistoryEvent historyEvent(JsonNode record) throws IOException {
        return new HistoryEvent(text(record.get("eventType")), text(record.get("stateName")),
                text(record.get("stateType")), Instant.parse(record.path("timestamp").asText()),
                text(record.get("error")), text(record.get("cause")), value(record.get("input")),
                value(record.get("output")), record.hasNonNull("retryAttempt") ? record.get("retryAttempt").asInt() : null);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
    }

    private static Object value(JsonNode node) throws IOException {
        return node == null || node.isNull() ? null : Json.MAPPER.treeToValue(node, Object.class);
    }

    /**
     * The {@code local/asl} directory: {@value #ASL_DIR} (system property, then environment), else the first
     * {@code local/asl} (or {@code asl}) holding {@code run-execution.mjs} from the working directory upwards.
     */
    public static Path aslDirectory() {
        String configured = System.getProperty(ASL_DIR, System.getenv(ASL_DIR));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve(RUNNER))) {
                throw new IllegalStateException(ASL_DIR + "=" + configured + " holds no " + RUNNER);
            }
            return dir;
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("local").resolve("asl"), dir.resolve("asl"))) {
                if (Files.isRegularFile(candidate.resolve(RUNNER))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Cannot find local/asl/" + RUNNER + " above " + start + "; set " + ASL_DIR);
    }

    /** Runs {@code npm ci} in {@code dir} when its dependencies are missing or older than its lock file. */
    static void ensureInstalled(Path dir) {
        synchronized (INSTALL_LOCK) {
            if (installed(dir)) {
                return;
            }
            Process npm;
            try {
                npm = new ProcessBuilder(command("npm"), "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start npm: Node.js 20+ with npm must be on the PATH to install "
                        + dir.resolve("package.json") + " (npm ci)", e);
            }
            StreamCollector output = StreamCollector.start(npm.getInputStream(), "npm-ci-output");
            try {
                npm.getOutputStream().close();
                if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm ci in " + dir + " took more than " + INSTALL_TIMEOUT_MINUTES
                            + " minutes: " + output.text().strip());
                }
                if (npm.exitValue() != 0 || !installed(dir)) {
                    throw new IllegalStateException("npm ci in " + dir + " failed (exit code " + npm.exitValue() + "): "
                            + output.text().strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                npm.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted during npm ci in " + dir, e);
            }
        }
    }

    private static boolean installed(Path dir) {
        Path marker = dir.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.isRegularFile(dir.resolve("node_modules").resolve(LIBRARY).resolve("package.json"))
                || !Files.isRegularFile(marker)) {
            return false;
        }
        try {
            Path lock = dir.resolve("package-lock.json");
            return !Files.isRegularFile(lock)
                    || Files.getLastModifiedTime(lock).compareTo(Files.getLastModifiedTime(marker)) <= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String command(String name) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return windows && "npm".equals(name) ? "npm.cmd" : name;
    }

    /** Drains a process stream on a daemon thread (so the process never blocks on a full pipe); keeps the last 64 KiB. */
    private static final class StreamCollector {

        private static final int LIMIT = 64 * 1024;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        private StreamCollector(InputStream stream, String name) {
            thread = new Thread(() -> drain(stream), name);
            thread.setDaemon(true);
        }

        static StreamCollector start(InputStream stream, String name) {
            StreamCollector collector = new StreamCollector(stream, name);
            collector.thread.start();
            return collector;
        }

        private void drain(InputStream stream) {
            byte[] chunk = new byte[8192];
            try (stream) {
                for (int n = stream.read(chunk); n >= 0; n = stream.read(chunk)) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                        if (buffer.size() > 2 * LIMIT) {
                            byte[] all = buffer.toByteArray();
                            buffer.reset();
                            buffer.write(all, all.length - LIMIT, LIMIT);
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended: what was read is kept
            }
        }

        String text() {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
