package com.beatgen.local.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.config.Env;
import com.beatgen.db.TestDatabase;
import com.beatgen.functions.GenerateConceptHandler;
import com.beatgen.keys.KeyCipher;
import com.beatgen.local.LocalDatabase;
import com.beatgen.local.asl.LocalLambdaServer;
import com.beatgen.local.coldstart.ColdStartProbes.Result;
import com.beatgen.local.emulator.LambdaEmulator;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.storage.S3Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cold-start probe for real: a fresh JVM with only the deployment jar (built by the functions module before this
 * one) against the local stack, so that {@code ./beatgen bench coldstart} cannot break unnoticed.
 */
class ColdStartProbesTest {

    private static final Path LAMBDA_JAR = Path.of("..", "functions", "target", "beatgen-functions-lambda.jar");
    private static final Path EVENTS = Path.of("..", "events");
    private static final Path TEMPLATE = Path.of("..", "infrastructure", "template.yaml");

    @TempDir
    static Path home;
    private static LocalStack stack;
    private static ColdStartProbes probes;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new Env(Map.of(KeyCipher.VARIABLE, KeyCipher.newDataKey())),
                LocalDatabase.of(TestDatabase.freshConfig(), "test"), home, null,
                Path.of("..", "statemachine", "beat-generation.asl.json"), LocalStack.Options.fast());
        stack.loadCatalogIfEmpty(Path.of("..", "catalog", "beat_catalog.xml"));
        probes = ColdStartProbes.create(System.getenv(), LambdaEmulator.currentJava(), LAMBDA_JAR, TEMPLATE);
    }

    @AfterAll
    static void stop() {
        if (probes != null) {
            probes.close();
        }
        stack.close();
    }

    private static Result health(boolean prime) throws Exception {
        return probes.run("HealthApiHandler", "com.beatgen.functions.api.HealthApiHandler",
                Files.readAllBytes(EVENTS.resolve("health-api.json")), prime, stack.functionEnvironment());
    }

    @Test
    void theHealthFunctionAnswers200ThroughTheRuntimeInterfaceEmulatorWithLambdasOwnTimings() throws Exception {
        Result result = health(false);

        assertThat(result.error()).as("error").isNull();
        assertThat(result.output().get("statusCode").asInt()).isEqualTo(200);
        assertThat(result.output().get("body").asText()).contains("\"status\":\"ok\"", "\"database\":\"up\"");
        assertThat(result.printed()).as("the runtime client ran it").contains("INIT START", "INVOKE RTDONE(status: success");
        assertThat(result.initMs()).isPositive();
        assertThat(result.primeMs()).isNull();
        assertThat(result.firstInvokeMs()).isPositive();
        assertThat(result.totalColdMs()).as("the client waited for INIT and the first call")
                .isGreaterThanOrEqualTo(result.initMs() + result.firstInvokeMs()).isLessThan(120_000.0);
        assertThat(result.warmInvokeMs()).isPositive().isLessThan(result.firstInvokeMs());
    }

    @Test
    void withPrimingTheSnapStartHooksRunInsideInitBeforeTheFirstCall() throws Exception {
        Result result = health(true);

        assertThat(result.error()).as("error").isNull();
        assertThat(result.output().get("statusCode").asInt()).isEqualTo(200);
        assertThat(result.primeMs()).as("the hooks ApiContainer registered during INIT ran").isPositive();
        assertThat(result.initMs()).isGreaterThan(result.primeMs());
    }

    @Test
    void anApiFunctionLoadsOnlyWhatItUsesNoMigrationsXmlCatalogOrTheRuntimesEventSerializer() throws Exception {
        Result result = classesLoaded("HealthApiHandler", "health-api.json", stack.functionEnvironment());

        assertThat(result.output().get("statusCode").asInt()).isEqualTo(200);
        assertThat(result.printed()).contains("com.beatgen.functions.api.HealthApiHandler source:", "org.jdbi.v3.core.Jdbi source:")
                .doesNotContain("org.flywaydb.", "com.ctc.wstx.", "com.fasterxml.jackson.dataformat.xml.", "com.sun.org.apache.xerces.",
                        "com.beatgen.catalog.", "com.amazonaws.lambda.thirdparty.")
                // Jdbi's statements register no Flight Recorder event type (the Lambda jar's JfrSupport), and an
                // on-demand INIT registers no SnapStart hooks (the runtime's CRaC context is never built)
                .doesNotContain("jdk.jfr.", "com.amazonaws.services.lambda.crac.ContextImpl source:");
    }

    @Test
    void theAdminFunctionBuildsNoHttpClientOrTlsContextUntilItCallsSuno() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(stack.functionEnvironment());
        env.remove("API_ADMIN_TOKEN"); // as in AWS: IAM, the caller's ARN in the event
        Result result = classesLoaded("KeysAdminApiHandler", "keys-admin-api.json", env);

        assertThat(result.output().get("statusCode").asInt()).as(result.output().toString()).isEqualTo(200);
        assertThat(result.printed()).contains("com.beatgen.keys.SunoGateway source:")
                .doesNotContain("jdk.internal.net.http.HttpClientImpl source:", "sun.security.ssl.SSLContextImpl source:");
    }

    @Test
    void anOnDemandInitConnectsBeforeTheFirstCallAndSaysSoWhenItCannot() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(stack.functionEnvironment());
        env.put("DATABASE_URL", "jdbc:mysql://127.0.0.1:9/beatgen"); // discard port: refused at once
        env.put("DATABASE_CONNECT_ATTEMPTS", "1");
        Result result = probes.run("HealthApiHandler", "com.beatgen.functions.api.HealthApiHandler",
                Files.readAllBytes(EVENTS.resolve("health-api.json")), false, env);

        assertThat(result.printed()).as("INIT's warm-up tried the database").contains("Warming up during INIT failed, the first call will try again");
        assertThat(result.output().get("statusCode").asInt()).as("the first call tried again and answered for itself").isEqualTo(503);
    }

    @Test
    void whenTheDatabaseUrlRequiresTlsInitReadiesTheTlsClientWhileTheWarmUpConnects() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(stack.functionEnvironment());
        env.put("DATABASE_URL", "jdbc:mysql://127.0.0.1:9/beatgen?sslMode=REQUIRED"); // refused before any TLS
        env.put("DATABASE_CONNECT_ATTEMPTS", "1");
        Result result = classesLoaded("HealthApiHandler", "health-api.json", env);

        assertThat(result.printed()).as("the driver never got to TLS; the main thread's ClientHello did")
                .contains("com.beatgen.functions.TlsWarmup source:", "sun.security.ssl.SSLEngineImpl source:");
        assertThat(result.output().get("statusCode").asInt()).isEqualTo(503);
    }

    @Test
    void aFunctionsJvmSizesItsHeapByTheFunctionsMemoryInTheTemplateAsInLambda() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put(LambdaEmulator.EXTRA_JVM_OPTIONS, "-Xlog:gc+init");
        try (ColdStartProbes sized = ColdStartProbes.create(env, LambdaEmulator.currentJava(), LAMBDA_JAR, TEMPLATE)) {
            Result health = sized.run("HealthApiHandler", "com.beatgen.functions.api.HealthApiHandler",
                    Files.readAllBytes(EVENTS.resolve("health-api.json")), false, stack.functionEnvironment());

            assertThat(health.output().get("statusCode").asInt()).isEqualTo(200);
            // the template's 1,024 MB: the runtime's 85 % at most, and the JVM's first heap is 1/64 of the environment
            assertThat(health.printed()).contains("Heap Initial Capacity: 16M", "Heap Max Capacity: 870M");
        }
    }

    @Test
    void aFunctionReadsTheDatabaseSecretOnceAndAPrimedOneNotAgainInItsFirstCallAfterTheSnapshot() throws Exception {
        Map<String, String> local = stack.functionEnvironment();
        try (SecretsManagerStub secrets = SecretsManagerStub.start()) {
            Map<String, String> inAws = secrets.functionEnvironment(local);
            assertThat(inAws).doesNotContainKeys("DATABASE_USER", "DATABASE_PASSWORD").containsKey("DATABASE_PASSWORD_SECRET_ID");
            // the credentials where Lambda puts the role's do not lock the Tasks out of the local S3 (the SDK's chain reads
            // the variables in the function's JVM; here, its system properties stand for them)
            try (AwsCredentialsProperties credentials = AwsCredentialsProperties.of(inAws);
                 S3Client s3 = S3Clients.client(new Env(inAws))) {
                s3.putObject(b -> b.bucket(inAws.get(S3Clients.BEATS_BUCKET)).key("coldstart/secret-env.txt"), RequestBody.fromString("ok"));
            }

            Result unprimed = probes.run("HealthApiHandler", "com.beatgen.functions.api.HealthApiHandler",
                    Files.readAllBytes(EVENTS.resolve("health-api.json")), false, inAws);
            assertThat(unprimed.output().get("statusCode").asInt()).as(unprimed.printed()).isEqualTo(200);
            assertThat(secrets.databaseSecretServed()).as("the INIT's read").isEqualTo(1);

            Result primed = probes.run("HealthApiHandler", "com.beatgen.functions.api.HealthApiHandler",
                    Files.readAllBytes(EVENTS.resolve("health-api.json")), true, inAws);
            assertThat(primed.output().get("statusCode").asInt()).as(primed.printed()).isEqualTo(200);
            assertThat(secrets.databaseSecretServed()).as("read before the snapshot; the first call's new components kept it")
                    .isEqualTo(2);
        }
    }

    @Test
    void aPrimedTaskReadsItsProviderSecretAgainAfterTheSnapshotButNotTheDatabaseSecret() throws Exception {
        try (SecretsManagerStub secrets = SecretsManagerStub.start()) {
            Map<String, String> inAws = secrets.functionEnvironment(stack.functionEnvironment());
            RequestHandler<Map<String, Object>, Map<String, Object>> task = probes.task("StartRunHandler",
                    "com.beatgen.functions.StartRunHandler", () -> true, inAws, r -> { });

            Map<String, Object> output = task.handleRequest(Map.of(
                    "event", Map.of("time", Instant.now().toString(), "manual", true),
                    "executionId", "arn:aws:states:us-east-1:000000000000:execution:beatgen:coldstart-" + UUID.randomUUID()), null);

            assertThat(output).containsKey("skipped");
            assertThat(secrets.databaseSecretServed()).as("read before the snapshot, kept").isEqualTo(1);
            // a refused provider key is no login to retry: the first call after a restore reads it again
            assertThat(secrets.served()).containsEntry("beatgen/SUNO_KEY_ENCRYPTION_KEY", 2);
        }
    }

    /** A cold start of {@code handler} (unprimed) that prints every class it loads. */
    private static Result classesLoaded(String handler, String event, Map<String, String> environment) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put(LambdaEmulator.EXTRA_JVM_OPTIONS, InitClassList.JVM_OPTION);
        try (ColdStartProbes logging = ColdStartProbes.create(env, LambdaEmulator.currentJava(), LAMBDA_JAR, TEMPLATE)) {
            return logging.run(handler, "com.beatgen.functions.api." + handler, Files.readAllBytes(EVENTS.resolve(event)), false, environment);
        }
    }

    @Test
    void aStepFunctionTaskStartsARunFromAFreshJvm() {
        List<Result> results = new java.util.ArrayList<>();
        RequestHandler<Map<String, Object>, Map<String, Object>> task = probes.task("StartRunHandler",
                "com.beatgen.functions.StartRunHandler", () -> false, stack.functionEnvironment(), results::add);

        Map<String, Object> output = task.handleRequest(Map.of(
                "event", Map.of("time", Instant.now().toString(), "manual", true),
                "executionId", "arn:aws:states:us-east-1:000000000000:execution:beatgen:coldstart-" + UUID.randomUUID()), null);

        assertThat(output).containsEntry("skipped", false).containsKey("reason");
        String jobId = (String) output.get("jobId");
        String status = stack.database().jdbi().withHandle(h -> h.createQuery("SELECT status FROM beat_job WHERE id = :id")
                .bind("id", jobId).mapTo(String.class).one());
        assertThat(status).isEqualTo("processing");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.totalColdMs()).isPositive();
            assertThat(r.output().has("reason")).as("the runtime's serializer kept the null reason: the task writes its own JSON").isTrue();
        });
    }

    @Test
    void aTaskErrorReachesTheStateMachineWithTheErrorTypeOfTheInProcessHandler() {
        Map<String, Object> input = Map.of("jobId", UUID.randomUUID().toString());
        Throwable inProcess = catchThrowable(() -> new GenerateConceptHandler(stack.components()).invoke(input, null));
        RequestHandler<Map<String, Object>, Map<String, Object>> task = probes.task("GenerateConceptHandler",
                GenerateConceptHandler.class.getName(), () -> false, stack.functionEnvironment(), r -> { });

        Throwable probed = catchThrowable(() -> task.handleRequest(input, null));

        assertThat(inProcess).isNotNull();
        assertThat(probed).isInstanceOf(LocalLambdaServer.FunctionError.class).hasMessage(inProcess.getMessage());
        assertThat(((LocalLambdaServer.FunctionError) probed).errorType()).isEqualTo(inProcess.getClass().getName());
    }
}
