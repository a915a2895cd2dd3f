package com.beatgen.local;

import com.beatgen.Json;
import com.beatgen.functions.InitWarmup;
import com.beatgen.functions.api.ApiHandler;
import com.beatgen.config.ConfigException;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.keys.KeyCipher;
import com.beatgen.local.asl.LocalStateMachine;
import com.beatgen.local.coldstart.ColdStartProbes.Result;
import com.beatgen.local.coldstart.ColdStartProbes;
import com.beatgen.local.coldstart.HostLoad;
import com.beatgen.local.coldstart.InitClassList;
import com.beatgen.local.coldstart.SecretsManagerStub;
import com.beatgen.local.emulator.LambdaEmulator;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.local.up.LocalCatalogDelivery;
import com.beatgen.storage.S3Clients;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

@Command(name = "coldstart", description = {
        "Benchmark the cold start of each Lambda function through the real Lambda runtime: every measurement is a new "
                + "execution environment under the AWS Lambda Runtime Interface Emulator (built with go install on first use) "
                + "and the Java Runtime Interface Client, with the deployment jar (functions/target/beatgen-functions-lambda.jar) "
                + "and the java21 runtime's JVM flags. Reports Lambda's own INIT and invocation durations and the client's time "
                + "from the environment's start to the first answer; without and with priming (the SnapStart hooks); median of --runs.",
        "Inputs: the API functions get their events/*.json; the state machine's Tasks are measured inside real executions "
                + "of statemachine/beat-generation.asl.json, every Task invocation in a new environment; the others get their "
                + "events/ samples. Against a throw-away local stack (database, S3, provider stub)."})
final class BenchColdStartCommand extends LocalCommand {

    /** Issue 19's targets: API unprimed start → first answer; API primed first call; Tasks primed first call. */
    private static final double API_COLD_TARGET_MS = 1000;
    private static final double API_PRIMED_TARGET_MS = 200;
    private static final double TASK_PRIMED_TARGET_MS = 500;
    private static final List<String> API_FUNCTIONS = List.of("Health", "Beats", "Stats", "Prompts", "Templates", "Jobs", "KeysAdmin");
    private static final String FUNCTIONS = "com.beatgen.functions.";

    @Option(names = "--runs", defaultValue = "3", description = "measurements per function and mode; the table shows medians (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--functions", defaultValue = ".*", description = "only the functions whose handler class name matches "
            + "this regular expression, e.g. 'Health|Beats' (default: all); the Tasks outside it run in-process")
    String functions;

    @Option(names = "--java", description = "the java executable of the functions (default: this JVM's)")
    Path javaExecutable;

    @Option(names = "--lambda-jar", description = "the deployment jar (default: $BEATGEN_LAMBDA_JAR, else functions/target/beatgen-functions-lambda.jar)")
    Path lambdaJar;

    @Option(names = "--no-init-warmup", description = "the API functions' INIT all on one thread, as before issue 19's warm-up "
            + "(" + InitWarmup.SWITCH + "=off): to measure what it gains")
    boolean noInitWarmup;

    @Option(names = "--database-tls", description = "the throw-away database accepts only TLS connections and the functions "
            + "connect with sslMode=REQUIRED, as to RDS in AWS: to measure what TLS adds to a cold start (its server "
            + "generates a certificate first, a few seconds more); with DATABASE_URL set, that URL's sslMode decides")
    boolean databaseTls;

    @Option(names = "--secrets-manager", description = "the functions read their secrets (the database credentials, "
            + "the provider keys) from Secrets Manager through the AWS SDK, as in AWS (" + DatabaseConfig.PASSWORD_SECRET_ID
            + ", GEMINI_API_KEY_SECRET_ID …): a local endpoint answering GetSecretValue serves them, so a cold start "
            + "includes the credentials path (Secrets Manager's own TLS and network latency left out)")
    boolean secretsManager;

    @Option(names = "--write-class-lists", paramLabel = "DIR", description = "also record the classes the API functions' cold "
            + "starts load for their first answer, the lists their INIT loads ahead, in DIR (the project's is "
            + "functions/src/main/resources/com/beatgen/functions/api): those every function loads, and each function's own; "
            + "one more cold start per API function, with its INIT warm-up off")
    Path classLists;

    BenchColdStartCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    /** One row of the table: a function in one mode, its measurements. */
    private record Row(String function, boolean primed, List<Result> results) {
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 50) {
            throw new ConfigException("--runs must be from 1 to 50, was " + runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        // every probe ends its JVM with the pool open, as Lambda ends an environment: MariaDB's "Aborted connection"
        // warnings are expected (read when the embedded server's logger is created)
        System.setProperty("org.slf4j.simpleLogger.log.ch.vorburger.exec.ManagedProcess", "off");
        Path jar = lambdaJar != null ? lambdaJar : ProjectFiles.lambdaJar(env);
        Path definition = ProjectFiles.path(env, "BEATGEN_STATE_MACHINE", "statemachine/beat-generation.asl.json");
        Path catalog = ProjectFiles.path(env, "BEAT_CATALOG_PATH", "catalog/beat_catalog.xml");
        Path events = Path.of(env.string("BEATGEN_EVENTS", "events"));
        for (Path required : List.of(definition, catalog, events.resolve("health-api.json"))) {
            if (!Files.exists(required)) {
                throw new ConfigException("No " + required.toAbsolutePath() + ": start it through ./beatgen (which sets BEATGEN_PROJECT)");
            }
        }
        Map<String, String> values = new HashMap<>(env.values());
        values.putIfAbsent(KeyCipher.VARIABLE, KeyCipher.newDataKey());
        List<Result> results = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean priming = new AtomicBoolean();
        out.printf("Cold-start benchmark: %d run(s) per function and mode, a new Lambda execution environment each; starting the local stack …%n", runs);
        out.flush();
        long loopBefore = HostLoad.loopMillis(java()).orElse(-1);
        HostLoad.CpuTimes cpuBefore = HostLoad.cpuTimes().orElse(null);
        int exit;
        try (LocalDatabase database = databaseTls ? databases.openFreshOverTls() : databases.openFresh();
             SecretsManagerStub secrets = secretsManager ? SecretsManagerStub.start() : null;
             ColdStartProbes probes = ColdStartProbes.create(env.values(), java(), jar, ProjectFiles.template(env));
             LocalStack stack = LocalStack.start(new Env(values), database, EnvDatabaseProvider.home(env), null,
                     definition, LocalStack.Options.fast().withDispatch((function, handler, environment) ->
                             measured(handler.getClass().getSimpleName())
                                     ? probes.task(handler.getClass().getSimpleName(), handler.getClass().getName(), priming::get,
                                             withSecret(environment, secrets), results::add)
                                     : LocalStack.TaskDispatch.IN_PROCESS.dispatch(function, handler, environment)))) {
            out.printf("Database: %s%s%n", database.description(), secrets == null ? ""
                    : "; the functions' secrets from Secrets Manager (a local GetSecretValue endpoint, " + secrets.endpoint() + ")");
            HttpServer cloudFormation = cloudFormationStub();
            try {
                exit = measure(out, stack, probes, secrets, cloudFormation, priming, results, catalog, events);
                if (secrets != null) {
                    out.printf("Secrets Manager (local) handed out, by secret: %s%n", new java.util.TreeMap<>(secrets.served()));
                }
            } finally {
                cloudFormation.stop(0);
            }
        }
        out.println(host(loopBefore, cpuBefore)); // the loop again once the stack has stopped: nothing of ours runs beside it
        out.flush();
        return exit;
    }

    private int measure(PrintWriter out, LocalStack stack, ColdStartProbes probes, SecretsManagerStub secrets, HttpServer cloudFormation,
                        AtomicBoolean priming, List<Result> results, Path catalog, Path events) throws Exception {
        stack.loadCatalogIfEmpty(catalog);
        Map<String, String> functionEnv = withSecret(stack.functionEnvironment(), secrets);
        Map<String, String> apiEnv = new HashMap<>(functionEnv);
        apiEnv.remove("API_ADMIN_TOKEN"); // the admin routes as in AWS: IAM, the caller's ARN in the event
        apiEnv.put("RATE_LIMIT_MAX_REQUESTS", "100000");
        if (noInitWarmup) {
            apiEnv.put(InitWarmup.SWITCH, "off");
        }
        String responseUrl = "http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/cloudformation-response";
        for (int run = 1; run <= runs; run++) {
            for (boolean prime : List.of(false, true)) {
                priming.set(prime);
                out.printf("run %d/%d, %s priming: state machine …", run, runs, prime ? "with" : "without");
                out.flush();
                LocalStateMachine.Execution execution = stack.runManual(event -> { });
                if (!execution.succeeded() || !(execution.output() instanceof Map<?, ?> output) || output.get("beatId") == null) {
                    out.println();
                    out.println("The execution did not create a beat; the benchmark stops:");
                    out.println(execution.formatHistory());
                    return 1;
                }
                out.print(" API …");
                out.flush();
                for (String api : API_FUNCTIONS) {
                    String name = api + "ApiHandler";
                    if (measured(name)) {
                        results.add(probes.run(name, FUNCTIONS + "api." + name, event(events, kebab(api) + "-api.json"), prime, apiEnv));
                    }
                }
                out.println(" others");
                out.flush();
                Map<String, Callable<byte[]>> others = new LinkedHashMap<>();
                others.put("DailySummaryHandler", () -> event(events, "daily-summary.json"));
                others.put("OpsMetricsHandler", () -> event(events, "ops-metrics.json"));
                others.put("CatalogSyncHandler", () -> catalogUploaded(stack, catalog));
                others.put("MigrationHandler", () -> migrationCreate(events, responseUrl));
                for (Map.Entry<String, Callable<byte[]>> other : others.entrySet()) {
                    if (measured(other.getKey())) {
                        results.add(probes.run(other.getKey(), FUNCTIONS + other.getKey(), other.getValue().call(), prime, functionEnv));
                    }
                }
            }
        }
        print(out, results, probes.emulator());
        if (classLists != null) {
            writeClassLists(out, apiEnv, events, probes.lambdaJar());
        }
        return 0;
    }

    /** {@code environment} with its secrets served by {@code secrets}; unchanged when that is null. */
    private static Map<String, String> withSecret(Map<String, String> environment, SecretsManagerStub secrets) {
        return secrets == null ? environment : secrets.functionEnvironment(environment);
    }

    /** Each API function once more, its INIT all on one thread and every class load printed: the class lists, to {@link #classLists}. */
    private void writeClassLists(PrintWriter out, Map<String, String> apiEnv, Path events, Path jar) throws Exception {
        Map<String, String> traced = new HashMap<>(env.values());
        traced.merge(LambdaEmulator.EXTRA_JVM_OPTIONS, InitClassList.JVM_OPTION, (options, option) -> options + " " + option);
        Map<String, String> serial = new HashMap<>(apiEnv);
        serial.put(InitWarmup.SWITCH, "off");
        Map<String, List<String>> loaded = new LinkedHashMap<>();
        try (ColdStartProbes tracing = ColdStartProbes.create(traced, java(), jar, ProjectFiles.template(env))) {
            for (String api : API_FUNCTIONS) {
                String handler = FUNCTIONS + "api." + api + "ApiHandler";
                Result result = tracing.run(api + "ApiHandler", handler, event(events, kebab(api) + "-api.json"), false, serial);
                if (result.failed()) {
                    throw new IllegalStateException(api + "ApiHandler failed while its classes were recorded: " + result.error());
                }
                loaded.put(api + "ApiFunction", InitClassList.loaded(result.printed(), handler, jar.getFileName().toString()));
            }
        }
        List<String> common = InitClassList.common(List.copyOf(loaded.values()));
        String header = "# Written by ./beatgen bench coldstart --write-class-lists on " + Instant.now() + " (InitWarmup loads them ahead).";
        Files.createDirectories(classLists);
        Files.write(classLists.resolve(ApiHandler.initClasses(null)), lines(header, common), StandardCharsets.UTF_8);
        out.printf("%nClass lists in %s: %,d classes every API function's first answer loaded", classLists, common.size());
        for (Map.Entry<String, List<String>> function : loaded.entrySet()) {
            List<String> own = new ArrayList<>(function.getValue());
            own.removeAll(Set.copyOf(common));
            Files.write(classLists.resolve(ApiHandler.initClasses(function.getKey())), lines(header, own), StandardCharsets.UTF_8);
            out.printf(", %s %,d more", function.getKey(), own.size());
        }
        out.println();
    }

    /** The functions' JVM: {@code --java}, else this one. */
    private Path java() {
        return javaExecutable != null ? javaExecutable : LambdaEmulator.currentJava();
    }

    private static List<String> lines(String header, List<String> classes) {
        List<String> lines = new ArrayList<>(List.of(header));
        lines.addAll(classes);
        return lines;
    }

    private void print(PrintWriter out, List<Result> results, LambdaEmulator emulator) throws Exception {
        Path jar = emulator.lambdaJar();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Result result : results) {
            rows.computeIfAbsent(result.function() + "/" + result.primed(), k -> new Row(result.function(), result.primed(), new ArrayList<>()))
                    .results().add(result);
        }
        List<String> firstSeen = results.stream().map(Result::function).distinct().toList();
        List<Row> ordered = new ArrayList<>(rows.values());
        ordered.sort(Comparator.comparingInt((Row row) -> group(row.function()))
                .thenComparingInt(row -> firstSeen.indexOf(row.function())).thenComparing(Row::primed));
        long bytes = Files.size(jar);
        out.println();
        out.printf("Deployment jar: %s, %,d bytes (%.1f MB), the one jar of every function; %d measured here%n", jar, bytes, bytes / 1e6,
                ordered.size() / 2);
        out.printf("Machine: %d CPUs (%s), %s %s, load average %.2f; functions on %s under the Runtime Interface Emulator %s "
                        + "with, at %d MB, %s (heap and MaxRAM by each function's memory, the MB column, from the template)%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("os.name"), System.getProperty("os.arch"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                LambdaEmulator.describe(java()), LambdaEmulator.RIE_VERSION, emulator.memory().global(),
                String.join(" ", LambdaEmulator.runtimeJvmFlags(emulator.memory().global())));
        out.printf("Medians of %d run(s), ms; task rows: every invocation in the executions (PollMusic runs more than once)%n%n", runs);
        String format = "%-26s %-6s %5s %7s %7s %8s %11s %7s %4s  %s%n";
        out.printf(format, "function", "primed", "MB", "INIT", "hooks", "1st call", "start→1st", "warm", "n", "answer");
        for (Row row : ordered) {
            List<Result> measured = row.results();
            out.printf(format, row.function(), row.primed() ? "yes" : "no", emulator.memory().ofHandler(measured.get(0).handler()),
                    ms(median(measured, Result::initMs)),
                    ms(median(measured, Result::primeMs)), ms(median(measured, Result::firstInvokeMs)),
                    ms(median(measured, Result::totalColdMs)), ms(median(measured, Result::warmInvokeMs)), measured.size(),
                    answer(measured));
        }
        out.println();
        target(out, ordered, "API functions, unprimed, environment start → first answer", row -> group(row.function()) == 0 && !row.primed(),
                Result::totalColdMs, API_COLD_TARGET_MS);
        target(out, ordered, "API functions, primed, first call", row -> group(row.function()) == 0 && row.primed(),
                Result::firstInvokeMs, API_PRIMED_TARGET_MS);
        target(out, ordered, "state machine Tasks, primed, first call", row -> group(row.function()) == 1 && row.primed(),
                Result::firstInvokeMs, TASK_PRIMED_TARGET_MS);
        out.println("INIT: Lambda's, as the emulator reports it: process start → the runtime client's first request for an "
                + "event (JVM start, runtime client, handler class load and constructor, and, primed, the SnapStart hooks: "
                + "'hooks'). 1st call: Lambda's duration of the first invocation (event deserialized, handleRequest with "
                + "its first database connection, S3 and provider calls, answer serialized). start→1st: the client's time "
                + "from the environment's start to the first answer.");
        out.println("Primed: the hooks run before the first invocation, as before a SnapStart snapshot; the emulator restores "
                + "no snapshot, so a restored function pays its restore (not measured here) plus the primed '1st call'. "
                + "Local database, S3 and provider stub: no network latency; "
                + (databaseTls ? "the database over TLS (sslMode=REQUIRED), the others without; " : "no TLS (--database-tls: the database over TLS); ")
                + (secretsManager ? "the secrets read from Secrets Manager through the AWS SDK (a local endpoint, no TLS)."
                : "the secrets given directly (--secrets-manager: read from Secrets Manager, as in AWS)."));
        out.flush();
    }

    /**
     * What the run had of this shared machine ({@link HostLoad}): the CPU time the hypervisor stole during it, and a fixed
     * interpreted loop's time before it and after it, with nothing of ours running (325–545 ms on the machine of
     * docs/benchmarks.md in a quiet hour).
     *
     * @param loopBefore the loop's time before the run (-1: unknown)
     * @param cpuBefore  the CPU times before the run (null: unknown)
     */
    private String host(long loopBefore, HostLoad.CpuTimes cpuBefore) {
        long loopAfter = HostLoad.loopMillis(java()).orElse(-1);
        String steal = cpuBefore == null ? "unknown (no /proc/stat)" : HostLoad.cpuTimes()
                .map(now -> String.format(Locale.ROOT, "%.1f %%", now.stealPercentSince(cpuBefore))).orElse("unknown");
        return String.format(Locale.ROOT, "Host during the run: CPU time stolen by the hypervisor %s; a fixed interpreted loop "
                + "(java -Xint, %s) took %s ms before the run and %s ms after it (the fastest of 3 rounds each)", steal,
                HostLoad.class.getSimpleName(),
                loopBefore < 0 ? "?" : String.format(Locale.ROOT, "%,d", loopBefore),
                loopAfter < 0 ? "?" : String.format(Locale.ROOT, "%,d", loopAfter));
    }

    /** The CPU's model name as Linux reports it (a shared VM's host can change from one boot to the next). */
    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse("model unknown");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "model unknown";
        }
    }

    private static void target(PrintWriter out, List<Row> rows, String what, java.util.function.Predicate<Row> which,
                               Function<Result, Double> value, double targetMs) {
        Row slowest = rows.stream().filter(which).max(Comparator.comparingDouble(row -> median(row.results(), value))).orElse(null);
        if (slowest == null) {
            return;
        }
        double worst = median(slowest.results(), value);
        out.printf("Target: %s ≤ %.0f ms: %s (slowest %s, %.0f ms)%n", what, targetMs, worst <= targetMs ? "met" : "NOT met",
                slowest.function(), worst);
    }

    private boolean measured(String handler) {
        return java.util.regex.Pattern.compile(functions).matcher(handler).find();
    }

    private static int group(String function) {
        if (function.endsWith("ApiHandler")) {
            return 0;
        }
        return List.of("DailySummaryHandler", "OpsMetricsHandler", "CatalogSyncHandler", "MigrationHandler").contains(function) ? 2 : 1;
    }

    /** What the first call answered: the HTTP status of API functions, else ok, or the error type; each distinct once. */
    private static String answer(List<Result> results) {
        return results.stream().map(r -> r.failed() ? r.error().path("errorType").asText()
                : r.output() != null && r.output().has("statusCode") ? "HTTP " + r.output().get("statusCode").asInt() : "ok")
                .distinct().reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static double median(List<Result> results, Function<Result, Double> value) {
        List<Double> values = results.stream().map(value).filter(Objects::nonNull).sorted().toList();
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static byte[] event(Path events, String file) throws Exception {
        return Files.readAllBytes(events.resolve(file));
    }

    /**
     * The catalog put into the local catalog bucket (by this process, with the local stack's S3 settings, not a
     * function's) and the S3 notification of that PUT (its ETag and version).
     */
    private static byte[] catalogUploaded(LocalStack stack, Path catalog) throws Exception {
        byte[] content = Files.readAllBytes(catalog);
        stack.s3().createBucket(LocalCatalogDelivery.BUCKET);
        try (S3Client s3 = S3Clients.client(new Env(stack.functionEnvironment()))) {
            PutObjectResponse put = s3.putObject(b -> b.bucket(LocalCatalogDelivery.BUCKET).key("beat_catalog.xml"),
                    RequestBody.fromBytes(content));
            return Json.write(LocalCatalogDelivery.objectCreated(LocalCatalogDelivery.BUCKET, "beat_catalog.xml", content.length,
                    put.eTag(), put.versionId(), Instant.now())).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The sample CloudFormation Create request, answered to the local stand-in for CloudFormation's response URL. */
    private static byte[] migrationCreate(Path events, String responseUrl) throws Exception {
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree(events.resolve("migration-create.json").toFile());
        request.put("ResponseURL", responseUrl);
        return Json.MAPPER.writeValueAsBytes(request);
    }

    /** Takes the custom resource's answer (a PUT) as CloudFormation's pre-signed S3 URL would. */
    private static HttpServer cloudFormationStub() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        return server;
    }
}
