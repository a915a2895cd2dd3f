package com.beatgen.local.emulator;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.beatgen.config.ConfigException;
import com.beatgen.local.emulator.start.PrimedStart;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Runs Lambda functions the way the java21 runtime does, without Docker: the AWS Lambda Runtime Interface Emulator
 * (what {@code sam local} runs in its container) starts {@code java} with the runtime's flags and the Java Runtime
 * Interface Client ({@code AWSLambda}, the runtime's own main class), which loads the handler from the deployment jar
 * and serves invocations through the Runtime API. One {@link EmulatedFunction} is one execution environment.
 *
 * <p>The emulator is built from the Go module proxy on first use ({@code go install}, into a per-version cache
 * directory), never downloaded as a binary; {@code BEATGEN_RIE} names one already built. {@code
 * BEATGEN_FUNCTION_JVM_OPTIONS} adds JVM options after the runtime's (experiments: class-data sharing, logging).
 */
public record LambdaEmulator(Path rie, Path java, Path lambdaJar, Path work, String runtimeClassPath, List<String> extraJvmFlags,
                             FunctionMemory memory) implements AutoCloseable {

    /** The emulator's Go module and version (the one the issue measured with). */
    public static final String RIE_MODULE = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie";
    public static final String RIE_VERSION = "v0.0.0-20261030222936-bef5c4ba774d";
    /** JVM options the functions get after the runtime's, space-separated. */
    public static final String EXTRA_JVM_OPTIONS = "BEATGEN_FUNCTION_JVM_OPTIONS";
    /**
     * The java21 runtime's command line (its bootstrap; a Log4Shell hot-patch agent and its own class-data archive
     * left out) for a function of {@code memoryMb}: serial GC, C1 only, the SnapStart hooks through the runtime client's
     * CRaC implementation, a heap of at most 85 % of the memory. {@code -XX:MaxRAM} stands for Lambda's execution
     * environment, whose whole memory is the function's: the JVM sizes what the runtime leaves to it (its first heap,
     * 1/64 of the memory) from it, not from this machine's.
     */
    public static List<String> runtimeJvmFlags(int memoryMb) {
        return List.of("-XX:MaxHeapSize=" + memoryMb * 85 / 100 + "m", "-XX:MaxRAM=" + memoryMb + "m", "-XX:+UseSerialGC",
                "-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr");
    }

    /**
     * Finds (or builds) the emulator and lays out the runtime's class path; {@code lambdaJar} must exist. Each function
     * gets the memory {@code template} gives it.
     */
    public static LambdaEmulator create(Map<String, String> env, Path java, Path lambdaJar, Path template) {
        if (!Files.isRegularFile(lambdaJar)) {
            throw new ConfigException("No deployment jar at " + lambdaJar.toAbsolutePath()
                    + ": build it with mvn -B -q -ntp -DskipTests -pl functions -am package");
        }
        Path rie = locate(env);
        try {
            Path work = Files.createTempDirectory("beatgen-rie-");
            String extra = env.getOrDefault(EXTRA_JVM_OPTIONS, "").strip();
            return new LambdaEmulator(rie, java, lambdaJar.toAbsolutePath(), work, runtimeClassPath(work.resolve("runtime")),
                    extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")), FunctionMemory.read(template));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM this process runs on. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** What {@code java -version} says of its runtime (e.g. {@code OpenJDK Runtime Environment Temurin-21.0.8+9 (build 21.0.8+9-LTS)}). */
    public static String describe(Path java) {
        try {
            Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            process.waitFor(30, TimeUnit.SECONDS);
            return lines.stream().filter(l -> l.contains("Runtime Environment")).findFirst().map(String::strip).orElse(java.toString());
        } catch (IOException e) {
            return java + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.toString();
        }
    }

    /**
     * Starts one execution environment of {@code handler} ({@code class::method} or a class). {@code primed}: the
     * SnapStart path, its hooks run after INIT and before the first invocation (see {@link PrimedStart}).
     */
    public EmulatedFunction start(String function, String handler, Map<String, String> environment, boolean primed) {
        return EmulatedFunction.start(this, function, handler, environment, primed);
    }

    /** The class path of the runtime: its client, serialization and start class, then the deployment jar. */
    String classPath() {
        return runtimeClassPath + File.pathSeparator + lambdaJar;
    }

    /** {@code BEATGEN_RIE}, else the cached build of {@link #RIE_VERSION}, built with {@code go install} if missing. */
    static Path locate(Map<String, String> env) {
        String configured = env.get("BEATGEN_RIE");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new ConfigException("BEATGEN_RIE=" + configured + " is not an executable file");
            }
            return path;
        }
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path dir = Path.of(env.getOrDefault("XDG_CACHE_HOME", home.resolve(".cache").toString()), "beatgen", "aws-lambda-rie", RIE_VERSION);
        Path binary = dir.resolve("aws-lambda-rie");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        install(dir);
        return binary;
    }

    private static synchronized void install(Path dir) {
        Path binary = dir.resolve("aws-lambda-rie");
        if (Files.isExecutable(binary)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile("beatgen-rie-install-", ".log");
            ProcessBuilder builder = new ProcessBuilder("go", "install", RIE_MODULE + "@" + RIE_VERSION).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).directory(dir.toFile());
            builder.environment().put("GOBIN", dir.toAbsolutePath().toString());
            Process go = builder.start();
            if (!go.waitFor(10, TimeUnit.MINUTES) || go.exitValue() != 0) {
                go.destroyForcibly();
                throw new ConfigException("Building the Lambda Runtime Interface Emulator failed (go install " + RIE_MODULE + "@"
                        + RIE_VERSION + "): " + Files.readString(log).strip());
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new ConfigException("The Lambda Runtime Interface Emulator is built with Go (go install " + RIE_MODULE + "@"
                    + RIE_VERSION + "), and go could not run: " + e.getMessage() + "; or set BEATGEN_RIE to a built aws-lambda-rie");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the emulator", e);
        }
        if (!Files.isExecutable(binary)) {
            throw new ConfigException("go install did not leave " + binary);
        }
    }

    /**
     * The runtime's jars when this process has them as jars (Maven's class path), else their classes taken out of this
     * process's fat jar into {@code target}; plus {@link PrimedStart}'s classes.
     */
    private static String runtimeClassPath(Path target) throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        List<String> wanted = new ArrayList<>();
        for (Class<?> type : List.of(AWSLambda.class, LambdaEventSerializers.class, software.amazon.awssdk.utilslite.SdkInternalThreadLocal.class)) {
            Path source = codeSource(type);
            if (source.getFileName().toString().endsWith(".jar") && !source.getFileName().toString().startsWith("beatgen-")) {
                entries.add(source.toString());
            } else {
                wanted.add(type.getPackageName());
            }
        }
        if (!wanted.isEmpty()) {
            extract(codeSource(AWSLambda.class), target.resolve("lib"), List.of("com/amazonaws/services/lambda/runtime/api/client/",
                    "com/amazonaws/services/lambda/crac/", "jni/", "com/amazonaws/services/lambda/runtime/serialization/",
                    "com/amazonaws/lambda/thirdparty/", "META-INF/services/com.amazonaws.lambda.thirdparty.",
                    "software/amazon/awssdk/utilslite/"));
            entries.add(target.resolve("lib").toString());
        }
        Path start = target.resolve("start");
        copyClass(PrimedStart.class, start);
        entries.add(start.toString());
        return String.join(File.pathSeparator, entries);
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(Path jarFile, Path target, List<String> prefixes) throws IOException {
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                if (!entry.isDirectory() && prefixes.stream().anyMatch(name::startsWith)) {
                    Path file = target.resolve(name);
                    Files.createDirectories(file.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void copyClass(Class<?> type, Path root) throws IOException {
        for (Class<?> member : type.getNestMembers()) {
            String file = member.getName().replace('.', '/') + ".class";
            try (InputStream in = member.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("No class file for " + member.getName());
                }
                Path target = root.resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
