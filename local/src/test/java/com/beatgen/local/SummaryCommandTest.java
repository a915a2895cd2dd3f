package com.beatgen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ./beatgen summary} in-process on a test database, with a real HTTP server as ALERT_WEBHOOK_URL. */
class SummaryCommandTest {

    private Cli cli;
    private Database database;
    private HttpServer webhook;
    private final List<String> posted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        DatabaseConfig config = TestDatabase.freshConfig();
        cli = new Cli(config);
        database = Database.connect(config);
        database.migrate();
        database.jdbi().useHandle(h -> h.execute("""
                INSERT INTO beat_template (id, category_name, genre, style, mood, use_case, tags, base_prompt, is_active,
                                           checksum, created_at, updated_at)
                VALUES ('night-drive', 'Night Drive', 'Trap', 'Dark', 'Calm', 'Gaming', '[]', 'a prompt', TRUE, ?, NOW(3), NOW(3))""",
                "0".repeat(32)));
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void tearDown() {
        webhook.stop(0);
        database.close();
    }

    private void job(String status, Instant finished) {
        database.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO beat_job (id, template_id, status, created_at, completed_at, updated_at)
                        VALUES (:id, 'night-drive', :status, :finished, :finished, :finished)""")
                .bind("id", UUID.randomUUID().toString()).bind("status", status).bind("finished", finished).execute());
    }

    @Test
    void summarizesTheGivenDayAndReportsAQuietHour() throws Exception {
        job("completed", Instant.parse("2026-03-29T10:00:00Z"));
        job("failed", Instant.parse("2026-03-29T11:00:00Z"));

        Cli.Run run = cli.run("summary", "--date", "2026-03-29", "--json");

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode result = Json.MAPPER.readTree(run.out());
        assertThat(result.at("/summary/date").asText()).isEqualTo("2026-03-29");
        assertThat(result.at("/summary/succeeded").asLong()).isEqualTo(1);
        assertThat(result.at("/summary/failed").asLong()).isEqualTo(1);
        assertThat(result.at("/summary/errorRate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(result.at("/errorRate/alert").asBoolean()).isFalse();
        long rows = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM daily_summary WHERE summary_date = '2026-03-29'").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void anErrorRateAboveTwentyPercentInTheLastHourAlertsTheWebhook() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        job("completed", now.minusSeconds(1800));
        job("failed", now.minusSeconds(120));

        Cli.Run run = cli.run(Map.of("ALERT_WEBHOOK_URL", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"), "summary");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Daily summary").contains("1 of 2 finished jobs failed (50.0 %): ALERT (webhook answered 204)");
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0)).contains("\"errorRate\":0.5").contains("1 of 2 jobs failed in the last hour");
    }

    @Test
    void aBadDateOrWebhookIsAUsageOrConfigurationError() {
        assertThat(cli.run("summary", "--date", "29.03.2026").exitCode()).isEqualTo(2);
        assertThat(cli.run(Map.of("ALERT_WEBHOOK_URL", "ftp://example.org/hook"), "summary").exitCode()).isEqualTo(2);
    }

    @Test
    void upRunsTheSummaryAndTheErrorRateCheckWhenItsMidnightHookFires() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        java.time.LocalDate yesterday = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).minusDays(1);
        job("completed", yesterday.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC));
        job("failed", now.minusSeconds(60));
        java.io.StringWriter out = new java.io.StringWriter();
        var log = new com.beatgen.local.up.UpLog(new java.io.PrintWriter(out, true), java.time.Clock.systemUTC());
        var env = new com.beatgen.config.Env(Map.of("ALERT_WEBHOOK_URL",
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"));

        UpCommand.dailySummary(log, database.jdbi(), env, java.time.Clock.systemUTC()).accept(yesterday);

        long rows = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT beats_succeeded FROM daily_summary WHERE summary_date = :d").bind("d", yesterday).mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
        assertThat(out.toString()).contains("summary").contains(yesterday.toString()).contains("error rate, last hour");
        assertThat(posted).as("one failed job of one in the last hour: alert").hasSize(1);
    }
}
