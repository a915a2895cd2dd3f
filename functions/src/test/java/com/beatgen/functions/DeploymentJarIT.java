package com.beatgen.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.beatgen.Json;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.db.TestDatabase;
import com.beatgen.storage.S3Clients;
import com.beatgen.testkit.lambda.LocalContext;
import com.beatgen.testkit.s3.LocalS3;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The deployment jar as Lambda runs it: real handlers invoked from {@code target/beatgen-functions-lambda.jar} alone
 * (plus the runtime's event serialization) in a JVM of their own ({@link LambdaJarProbe}), so what shading drops or
 * merges (the SLF4J binding and the logging configuration its META-INF/services name, Flyway's resources, the classes filtered out of
 * mysql-connector-j and Woodstox, joda-time for S3 events) is tested where it matters.
 */
class DeploymentJarIT {

    private static final Path JAR = Path.of("target", "beatgen-functions-lambda.jar");

    @TempDir
    static Path work;

    @BeforeAll
    static void probeClassesAndEvents() throws IOException, URISyntaxException {
        assertThat(JAR).as("run after package (mvn verify)").exists();
        Path testClasses = Path.of(LambdaJarProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path probePackage = Files.createDirectories(work.resolve("probe/com/beatgen/functions"));
        try (Stream<Path> classes = Files.list(testClasses.resolve("com/beatgen/functions"))) {
            for (Path c : classes.filter(p -> p.getFileName().toString().startsWith("LambdaJarProbe")).toList()) {
                Files.copy(c, probePackage.resolve(c.getFileName()));
            }
        }
        for (Class<?> member : LocalContext.class.getNestMembers()) { // the probe's Lambda context, from the testkit
            String resource = member.getName().replace('.', '/') + ".class";
            Path target = Files.createDirectories(work.resolve("probe").resolve(resource).getParent()).resolve(resource.substring(resource.lastIndexOf('/') + 1));
            try (InputStream in = member.getClassLoader().getResourceAsStream(resource)) {
                Files.copy(in, target);
            }
        }
        Path events = Files.createDirectories(work.resolve("events"));
        Files.copy(Path.of("src/test/resources/events/api-health.json"), events.resolve("api-health.json"));
        Files.copy(Path.of("src/test/resources/events/s3-catalog-put-plus.json"), events.resolve("s3-catalog-put-plus.json"));
        Files.copy(Path.of("..", "events", "migration-create.json"), events.resolve("migration-create.json"));
    }

    private record Run(List<JsonNode> logs, String stderr) {

        List<JsonNode> at(String level, String messagePart) {
            return logs.stream().filter(l -> l.path("level").asText().equals(level)
                    && l.path("message").asText().contains(messagePart)).toList();
        }
    }

    /** Runs the probe with only {@code env} as environment; every stdout line must be one JSON object. */
    private static Run run(Map<String, String> env, String... invocations) throws Exception {
        Path serialization = Path.of(LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, JAR.toString(), serialization.toString(), work.resolve("probe").toString()),
                LambdaJarProbe.class.getName(), work.resolve("events").toString()));
        command.addAll(List.of(invocations));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(work.resolve("stdout.txt").toFile())
                .redirectError(work.resolve("stderr.txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        String stdout = Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8);
        String stderr = Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();
        List<JsonNode> logs = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode json = Json.MAPPER.readTree(line);
            assertThat(json.isObject()).as("one JSON object per line: %s", line).isTrue();
            logs.add(json);
        }
        assertThat(stderr).as("no complaint of a missing or doubled binding, nor of logback's configuration")
                .doesNotContain("SLF4J", "LoggingManager", "logback");
        return new Run(logs, stderr);
    }

    private static Map<String, String> powertoolsEnv() {
        // as the template's Globals and the Lambda runtime set them (cold_start needs an on-demand initialization)
        return new HashMap<>(Map.of("POWERTOOLS_SERVICE_NAME", "beatgen-it", "POWERTOOLS_LOG_LEVEL", "INFO",
                "AWS_REGION", "us-east-1", "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
    }

    @Test
    void logsAreOneJsonObjectPerLineWithTheLambdaContextAndAnErrorsStackTraceStaysOnItsLine() throws Exception {
        // no database configured: the API answers 503 and logs an ERROR; the migration fails and logs its stack trace
        Run run = run(powertoolsEnv(), "health", "health", "migration", "catalog-sync");

        assertThat(run.stderr()).contains("RESULT health 503", "Status=FAILED",
                "RESULT catalog-sync threw Config.Invalid");
        List<JsonNode> unavailable = run.at("ERROR", "API not available");
        assertThat(unavailable).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode line = unavailable.get(i);
            assertThat(line.path("service").asText()).isEqualTo("beatgen-it");
            assertThat(line.path("function_request_id").asText()).isEqualTo("req-" + (i + 1));
            assertThat(line.path("function_name").asText()).isEqualTo("beatgen-health");
            assertThat(line.path("function_arn").asText()).endsWith(":function:beatgen-health:live");
            assertThat(line.path("cold_start").asText()).isEqualTo(i == 0 ? "true" : "false");
            assertThat(line.path("timestamp").asText()).isNotEmpty();
        }

        JsonNode migration = run.at("ERROR", "Migration failed").get(0);
        assertThat(migration.path("function_request_id").asText()).isEqualTo("req-3");
        assertThat(migration.path("error").path("name").asText()).isEqualTo("com.beatgen.config.ConfigException");
        assertThat(migration.path("error").path("stack").asText())
                .contains("DATABASE_URL", "\n", "at com.beatgen.ops.Migrations");

        // the S3 event went through the runtime's serializer into S3Event (joda-time's DateTime for eventTime)
        assertThat(run.at("ERROR", "Catalog sync failed for event key beat%2Bcatalog.xml in bucket beatgen-catalog"))
                .singleElement().satisfies(l -> assertThat(l.path("function_request_id").asText()).isEqualTo("req-4"));
    }

    @Test
    void migratesSyncsTheSampleCatalogAndServesTheApiFromTheDeploymentJar() throws Exception {
        DatabaseConfig database = TestDatabase.freshConfig();
        try (LocalS3 s3 = LocalS3.start(null)) {
            s3.createBucket("beatgen-catalog");
            Map<String, String> env = powertoolsEnv();
            env.put(S3Clients.ENDPOINT, s3.endpoint());
            try (S3Client client = S3Clients.client(new com.beatgen.config.Env(env))) {
                client.putObject(b -> b.bucket("beatgen-catalog").key("beat+catalog.xml"),
                        RequestBody.fromFile(Path.of("..", "catalog", "beat_catalog.xml")));
            }
            env.put(DatabaseConfig.URL, database.jdbcUrl());
            if (database.user() != null) {
                env.put(DatabaseConfig.USER, database.user());
            }
            if (database.password() != null) {
                env.put(DatabaseConfig.PASSWORD, database.password());
            }

            Run run = run(env, "migration", "catalog-sync", "health", "jdbi-jfr");

            assertThat(run.stderr()).contains("Status=SUCCESS", "outcome=SYNCED", "RESULT health 200");
            // the statements above ran with our JfrSupport in place of Jdbi's (no event type registered)
            assertThat(run.stderr()).contains("RESULT jdbi-jfr flight recorder off (the JVM's jdk.jfr present)");
            // Flyway ran from the shaded jar (its SQL found inside it) and logged through the same JSON layout, with
            // the invocation's request id although it runs on the migration thread
            assertThat(run.at("INFO", "Successfully applied")).singleElement()
                    .satisfies(l -> assertThat(l.path("function_request_id").asText()).isEqualTo("req-1"));
            assertThat(count(database, "SELECT COUNT(*) FROM flyway_schema_history WHERE success")).isGreaterThanOrEqualTo(6);
            assertThat(count(database, "SELECT COUNT(*) FROM beat_template WHERE is_active")).isGreaterThanOrEqualTo(40);
        }
    }

    private static long count(DatabaseConfig database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
