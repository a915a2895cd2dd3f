package com.beatgen.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.beatgen.Json;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.beatgen.ops.Migrations;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration custom resource fed the sample CloudFormation events from {@code events/}, answering a real HTTP
 * server that stands in for the pre-signed ResponseURL, migrating a real database.
 */
class MigrationHandlerTest {

    private record Put(String method, String contentType, String query, JsonNode body) {
    }

    private HttpServer server;
    private final List<Put> puts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresBeforeOk = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            puts.add(new Put(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestURI().getRawQuery(), Json.MAPPER.readTree(body)));
            exchange.sendResponseHeaders(failuresBeforeOk.getAndDecrement() > 0 ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The sample event with its ResponseURL pointed at the local server (path and signature query kept). */
    private Map<String, Object> event(String file) throws IOException {
        Map<String, Object> event = new HashMap<>(Json.MAPPER.readValue(Files.readString(Path.of("..", "events", file)),
                new TypeReference<Map<String, Object>>() { }));
        String url = event.get("ResponseURL").toString();
        event.put("ResponseURL", "http://127.0.0.1:" + server.getAddress().getPort() + url.substring(url.indexOf('/', 8)));
        return event;
    }

    private static MigrationHandler handler(Supplier<Migrations.Result> migrate) {
        return new MigrationHandler(migrate, HttpClient.newHttpClient());
    }

    @Test
    void createMigratesTheDatabaseAndAnswersSuccessToTheResponseUrl() throws Exception {
        try (Database database = Database.connect(TestDatabase.freshConfig())) {
            Map<String, Object> result = handler(() -> Migrations.run(database)).handleRequest(event("migration-create.json"), null);

            assertThat(result).containsEntry("Status", "SUCCESS");
            assertThat(puts).hasSize(1);
            Put put = puts.get(0);
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.contentType()).as("the URL is signed without a content type").isNull();
            assertThat(put.query()).contains("X-Amz-Signature=");
            assertThat(put.body().get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(put.body().get("PhysicalResourceId").asText()).isEqualTo(MigrationHandler.PHYSICAL_ID);
            assertThat(put.body().get("StackId").asText()).startsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/beatgen/");
            assertThat(put.body().get("RequestId").asText()).isEqualTo("7c6b5a49-3827-4160-9a8b-7c6d5e4f3a2b");
            assertThat(put.body().get("LogicalResourceId").asText()).isEqualTo("DatabaseMigration");
            assertThat(put.body().at("/Data/SchemaVersion").asText()).isEqualTo(latestMigration());
            assertThat(put.body().at("/Data/MigrationsApplied").asInt()).isGreaterThanOrEqualTo(4);
            long tables = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'daily_summary'")
                    .mapTo(Long.class).one());
            assertThat(tables).isEqualTo(1);
        }
    }

    @Test
    void aFailedMigrationAnswersFailedWithTheReasonAndKeepsThePhysicalId() throws Exception {
        Map<String, Object> update = event("migration-create.json");
        update.put("RequestType", "Update");
        update.put("PhysicalResourceId", "beatgen-database-schema");

        handler(() -> {
            throw new IllegalStateException("Validate failed: Detected failed migration to version 5");
        }).handleRequest(update, null);

        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).body().get("Status").asText()).isEqualTo("FAILED");
        assertThat(puts.get(0).body().get("Reason").asText()).contains("Detected failed migration to version 5");
        assertThat(puts.get(0).body().get("PhysicalResourceId").asText()).isEqualTo("beatgen-database-schema");
    }

    @Test
    void deleteIsANoOpSuccess() throws Exception {
        handler(() -> {
            throw new AssertionError("Delete must not migrate");
        }).handleRequest(event("migration-delete.json"), null);

        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).body().get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(puts.get(0).body().get("PhysicalResourceId").asText()).isEqualTo("beatgen-database-schema");
    }

    @Test
    void aMigrationThatWouldOutlastTheFunctionIsAnsweredFailedInTime() throws Exception {
        long start = System.nanoTime();
        handler(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Migrations.Result("4", 0);
        }).handleRequest(event("migration-create.json"), context(MigrationHandler.ANSWER_RESERVE.toMillis() + 1_500));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).body().get("Status").asText()).isEqualTo("FAILED");
        assertThat(puts.get(0).body().get("Reason").asText()).contains("did not finish within");
    }

    @Test
    void anUnreachableResponseUrlIsRetriedThenTheInvocationFails() throws Exception {
        failuresBeforeOk.set(2);
        handler(() -> new Migrations.Result("4", 0)).handleRequest(event("migration-delete.json"), null);
        assertThat(puts).hasSize(3);

        puts.clear();
        failuresBeforeOk.set(5);
        assertThatThrownBy(() -> handler(() -> new Migrations.Result("4", 0)).handleRequest(event("migration-delete.json"), null))
                .hasMessageContaining("Could not answer CloudFormation");
        assertThat(puts).hasSize(3);
    }

    @Test
    void anOverlongReasonIsShortenedBelowTheResponseLimit() {
        String reason = CustomResourceResponse.failed("id", "x".repeat(10_000)).reason();
        assertThat(reason).hasSizeLessThanOrEqualTo(CustomResourceResponse.MAX_REASON + 1);
    }

    /** The highest V<n>__*.sql in shared's migrations: what a fresh database is migrated to. */
    private static String latestMigration() throws IOException {
        try (var files = Files.list(Path.of("..", "shared", "src", "main", "resources", "db", "migration"))) {
            return String.valueOf(files.map(f -> f.getFileName().toString()).filter(f -> f.matches("V\\d+__.*\\.sql"))
                    .mapToInt(f -> Integer.parseInt(f.substring(1, f.indexOf("__")))).max().orElseThrow());
        }
    }

    private static Context context(long remainingMillis) {
        return new Context() {
            public String getAwsRequestId() { return "test"; }
            public String getLogGroupName() { return "test"; }
            public String getLogStreamName() { return "test"; }
            public String getFunctionName() { return "MigrationFunction"; }
            public String getFunctionVersion() { return "1"; }
            public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:MigrationFunction:live"; }
            public CognitoIdentity getIdentity() { return null; }
            public ClientContext getClientContext() { return null; }
            public int getRemainingTimeInMillis() { return (int) remainingMillis; }
            public int getMemoryLimitInMB() { return 1024; }
            public LambdaLogger getLogger() { return null; }
        };
    }
}
