package com.beatgen.local.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.beatgen.Json;
import com.beatgen.config.ConfigException;
import com.beatgen.local.asl.LocalLambdaServer;
import com.beatgen.local.coldstart.probe.ColdStartProbe;
import com.beatgen.local.coldstart.probe.crac.Core;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Starts {@link ColdStartProbe} in a fresh JVM per measurement, with the deployment jar, the probe and the Lambda
 * runtime's serialization library on the class path (nothing of this module), the Lambda java21 runtime's start-up
 * flags and the function's environment only.
 */
public record ColdStartProbes(Path java, Path lambdaJar, Path work, String classPath) implements AutoCloseable {

    /**
     * The flags of the Lambda Java 17/21 runtime that shape start-up (its command line also has a {@code -javaagent}
     * Log4Shell patch, {@code -Xshare:on} with its own class-data archive and a heap size from the memory setting).
     */
    public static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.net.preferIPv4Stack=true",
            "-Dorg.crac.Core.Compat=" + Core.class.getPackageName());
    /** The template's default memory size, which the probe reports as the function's. */
    public static final int MEMORY_MB = 1024;

    private static final List<String> DROPPED_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH");
    private static final long TIMEOUT_SECONDS = 180;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /**
     * One measurement (ms); {@code primeMs} and {@code warmInvokeMs} may be null; {@code output} (as the runtime
     * serializes it) or {@code error}; {@code outputWithNulls} for answers that are not aws-lambda-java-events types.
     */
    public record Result(String function, String handler, boolean primed, String java, double jvmToMainMs,
                         double jvmUptimeAtMainMs, int hooksAtInit, double initMs, Double primeMs, double firstInvokeMs, double totalColdMs,
                         Double warmInvokeMs, JsonNode output, JsonNode outputWithNulls, JsonNode error, JsonNode warmError) {

        public boolean failed() {
            return error != null;
        }

        /** The keys of the answer whose null values the runtime's serializer drops (aws/aws-lambda-java-libs#281). */
        public List<String> droppedNulls() {
            List<String> dropped = new ArrayList<>();
            if (outputWithNulls != null && output != null) {
                outputWithNulls.fieldNames().forEachRemaining(key -> {
                    if (!output.has(key)) {
                        dropped.add(key);
                    }
                });
            }
            return dropped;
        }
    }

    /** Writes the probe's classes (and, from a fat jar, the runtime's serialization library) to a temporary directory. */
    public static ColdStartProbes create(Path java, Path lambdaJar) {
        if (!Files.isRegularFile(lambdaJar)) {
            throw new ConfigException("No deployment jar at " + lambdaJar.toAbsolutePath()
                    + ": build it with mvn -B -q -ntp -DskipTests -pl functions -am package");
        }
        try {
            Path work = Files.createTempDirectory("beatgen-coldstart-");
            Path probe = work.resolve("probe");
            for (Class<?> type : List.of(ColdStartProbe.class, com.beatgen.testkit.lambda.LocalContext.class, Core.class, com.beatgen.local.coldstart.probe.crac.Context.class,
                    com.beatgen.local.coldstart.probe.crac.Resource.class, com.beatgen.local.coldstart.probe.crac.CheckpointException.class,
                    com.beatgen.local.coldstart.probe.crac.RestoreException.class)) {
                for (Class<?> member : type.getNestMembers()) {
                    copyClass(member, probe);
                }
            }
            Path serialization = runtimeSerialization(work.resolve("runtime"));
            String classPath = String.join(File.pathSeparator, lambdaJar.toAbsolutePath().toString(), probe.toString(),
                    serialization.toString());
            return new ColdStartProbes(java, lambdaJar, work, classPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM this process runs on. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** One cold start of {@code handlerClass} with {@code event}, in a fresh JVM with {@code environment}. */
    public Result run(String function, String handlerClass, byte[] event, boolean prime, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(List.of("-cp", classPath, ColdStartProbe.class.getName(), handlerClass, String.valueOf(prime)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> variables = builder.environment();
        variables.clear();
        variables.putAll(environment);
        DROPPED_VARIABLES.forEach(variables::remove);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", function);
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(MEMORY_MB));
        variables.putIfAbsent("AWS_REGION", "us-east-1");
        variables.put("TZ", "UTC");
        try {
            long spawn = System.currentTimeMillis();
            command.add(String.valueOf(spawn));
            builder.command(command);
            Path printedFile = Files.createTempFile(work, "probe-", ".log");
            Process process = builder.redirectOutput(printedFile.toFile()).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(event);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            String printed = Files.readString(printedFile);
            Files.delete(printedFile);
            return parse(function, printed);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + java, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while probing " + function, e);
        }
    }

    /**
     * A state machine Task served by a fresh JVM per invocation: the result goes to {@code results}, the output back to
     * the state machine, and an error as the function error the runtime would report (same {@code errorType}).
     */
    public RequestHandler<Map<String, Object>, Map<String, Object>> task(String function, String handlerClass,
            BooleanSupplier prime, Map<String, String> environment, Consumer<Result> results) {
        return (input, context) -> {
            Result result = run(function, handlerClass, Json.write(input).getBytes(StandardCharsets.UTF_8), prime.getAsBoolean(),
                    environment);
            results.accept(result);
            if (result.failed()) {
                List<String> trace = new ArrayList<>();
                result.error().path("stackTrace").forEach(line -> trace.add(line.asText()));
                throw new LocalLambdaServer.FunctionError(result.error().path("errorType").asText(),
                        result.error().path("errorMessage").isNull() ? null : result.error().path("errorMessage").asText(), trace);
            }
            // with its nulls, as the in-process endpoint answers (the runtime drops them: see droppedNulls)
            return Json.MAPPER.convertValue(result.outputWithNulls() != null ? result.outputWithNulls() : result.output(), MAP);
        };
    }

    private static Result parse(String function, String printed) throws IOException {
        String line = printed.lines().filter(l -> l.startsWith(ColdStartProbe.RESULT_PREFIX)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("The cold-start probe of " + function
                        + " printed no result:\n" + printed));
        JsonNode json = Json.MAPPER.readTree(line.substring(ColdStartProbe.RESULT_PREFIX.length()));
        return new Result(function, json.get("handler").asText(), json.get("primed").asBoolean(), json.get("java").asText(),
                json.get("jvmToMainMs").asDouble(), json.get("jvmUptimeAtMainMs").asDouble(), json.get("hooksAtInit").asInt(), json.get("initMs").asDouble(),
                optional(json.get("primeMs")), json.get("firstInvokeMs").asDouble(), json.get("totalColdMs").asDouble(),
                optional(json.get("warmInvokeMs")), nullable(json.get("output")), nullable(json.get("outputWithNulls")),
                nullable(json.get("error")),
                nullable(json.get("warmError")));
    }

    private static Double optional(JsonNode value) {
        return value == null || value.isNull() ? null : value.asDouble();
    }

    private static JsonNode nullable(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }

    private static void copyClass(Class<?> type, Path root) throws IOException {
        String file = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("No class file for " + type.getName());
            }
            Path target = root.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The runtime's aws-lambda-java-serialization (self-contained: its Jackson is shaded): its own jar when this
     * process has it (Maven's class path), else its classes taken out of this process's fat jar into {@code target}.
     */
    private static Path runtimeSerialization(Path target) throws IOException {
        Path source;
        try {
            source = Path.of(LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(source) || source.getFileName().toString().startsWith("aws-lambda-java-serialization")) {
            return source;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                boolean wanted = name.startsWith("com/amazonaws/services/lambda/runtime/serialization/")
                        || name.startsWith("com/amazonaws/lambda/thirdparty/")
                        || name.startsWith("META-INF/services/com.amazonaws.lambda.thirdparty.");
                if (wanted && !entry.isDirectory()) {
                    Path file = target.resolve(name);
                    Files.createDirectories(file.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return target;
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** {@code environment} with extra variables. */
    public static Map<String, String> with(Map<String, String> environment, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(extra);
        return all;
    }
}
