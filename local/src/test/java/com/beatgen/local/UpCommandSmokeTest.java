package com.beatgen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.catalog.Catalogs;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./beatgen up} as a separate process, stopped by a signal as Ctrl-C would: it starts, syncs the catalog,
 * answers {@code /api/health}, runs the state machine on a 2-second schedule, shows a catalog edit in
 * {@code GET /api/templates} within 5 s, keeps the catalog on an invalid edit and says why, and stops cleanly.
 */
class UpCommandSmokeTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern API = Pattern.compile("api\\s+http://127\\.0\\.0\\.1:(\\d+)/api");
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private String awaitLine(Predicate<String> wanted, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (long left = limit.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no such line within " + limit + "; output so far:\n" + String.join("\n", all));
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private boolean hasTemplate(int port, String id) throws Exception {
        for (JsonNode item : get(port, "/api/templates?pageSize=100").get("items")) {
            if (item.get("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void upStartsSyncsServesRunsOnScheduleFollowsTheCatalogAndStopsCleanly() throws Exception {
        long started = System.nanoTime();
        DatabaseConfig db = TestDatabase.freshConfig();
        Path home = Files.createDirectories(PROJECT.resolve("local/target/up-smoke-home-" + System.nanoTime()));
        Path catalog = home.resolve("beat_catalog.xml");
        Files.copy(PROJECT.resolve("catalog/beat_catalog.xml"), catalog);

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                BeatgenCli.class.getName(), "up", "--port", "0", "--interval", "2s")
                .directory(PROJECT.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("DATABASE_URL", db.jdbcUrl());
        if (db.user() != null) {
            env.put("DATABASE_USER", db.user());
        }
        if (db.password() != null) {
            env.put("DATABASE_PASSWORD", db.password());
        }
        env.put("BEATGEN_HOME", home.toString());
        env.put("BEAT_CATALOG_PATH", catalog.toString());
        Process up = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "up-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String synced = awaitLine(l -> l.contains("catalog") && l.contains("synced beat_catalog.xml"), Duration.ofSeconds(90));
            assertThat(synced).contains("138 active templates", "138 added");
            Matcher api = API.matcher(awaitLine(l -> API.matcher(l).find(), Duration.ofSeconds(30)));
            assertThat(api.find()).isTrue();
            int port = Integer.parseInt(api.group(1));

            assertThat(get(port, "/api/health").get("status").asText()).isEqualTo("ok");
            assertThat(get(port, "/api/templates").get("total").asInt()).isEqualTo(138);

            String finished = awaitLine(l -> l.contains("run ") && (l.contains("finished:") || l.contains("failed:")),
                    Duration.ofSeconds(40));
            assertThat(finished).contains("finished: beat \"");

            Files.write(catalog, Catalogs.xml(List.of(Catalogs.template("Smoke Test Groove"), Catalogs.template("Alpha Beat"))));
            long edited = System.nanoTime();
            while (!hasTemplate(port, "smoke-test-groove") && System.nanoTime() - edited < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(50);
            }
            Duration visible = Duration.ofNanos(System.nanoTime() - edited);
            assertThat(hasTemplate(port, "smoke-test-groove")).isTrue();
            assertThat(visible).as("catalog edit → GET /api/templates (seed property 5)").isLessThan(Duration.ofSeconds(5));
            assertThat(get(port, "/api/templates").get("total").asInt()).isEqualTo(2);

            Files.writeString(catalog, "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet>");
            String refused = awaitLine(l -> l.contains("REFUSED"), Duration.ofSeconds(10));
            assertThat(refused).contains("the previous catalog stays active", "malformed XML");
            assertThat(hasTemplate(port, "smoke-test-groove")).isTrue();

            try (Database database = Database.connect(db)) {
                long jobs = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_job WHERE status = 'completed'")
                        .mapTo(Long.class).one());
                assertThat(jobs).as("scheduled executions that produced a beat").isGreaterThanOrEqualTo(1);
            }

            long stopping = System.nanoTime();
            up.toHandle().destroy(); // SIGTERM, the shutdown path of Ctrl-C (Process.destroy would also close our end of stdout)
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            reader.join(5_000);
            assertThat(all).as("exit code %d", up.exitValue()).anyMatch(l -> l.contains("stack") && l.contains("stopped"));
            assertThat(String.join("\n", all)).doesNotContain("unexpected error");
            assertThat(all).as("each request is a timestamped 'api' line").filteredOn(l -> l.contains("GET /api/health")).isNotEmpty()
                    .allMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\s+api\\s+GET /api/health 200 \\d+ ms"));
            System.out.printf("UpCommandSmokeTest: catalog edit visible in %d ms, stop took %d ms, whole test %d s%n",
                    visible.toMillis(), Duration.ofNanos(System.nanoTime() - stopping).toMillis(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
        } finally {
            if (up.isAlive()) {
                up.destroyForcibly();
            }
        }
    }
}
