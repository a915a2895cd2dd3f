package com.beatgen.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void retriesTheFirstConnectionThenFailsWithAClearMessage() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseConfig config = DatabaseConfig.parse("jdbc:mysql://127.0.0.1:" + closedPort + "/none",
                new Env(Map.of("DATABASE_CONNECT_ATTEMPTS", "3", "DATABASE_CONNECT_TIMEOUT_MS", "250",
                        "DATABASE_USER", "u", "DATABASE_PASSWORD", "do-not-print")));
        long start = System.nanoTime();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        DatabaseUnavailableException e;
        try {
            e = assertThrows(DatabaseUnavailableException.class, () -> Database.connect(config, Duration.ofMillis(50)));
        } finally {
            System.setErr(err);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("(attempt 1 of 3): ")
                && log.toString(StandardCharsets.UTF_8).contains("(ConnectException: Connection refused)"), "each retry says why: " + log);
        assertTrue(e.getMessage().startsWith("Database not reachable after 3 attempts"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(ConnectException: Connection refused)"), "names the first failure: " + e.getMessage());
        assertTrue(elapsedMs >= 150, "waited between attempts (50 ms, then 100 ms): " + elapsedMs + " ms");
        assertTrue(!e.getMessage().contains("do-not-print"));
    }

    @Test
    void migratesAndStoresTimestampsAsUtcWhateverTheJvmZone() {
        try (Database database = TestDatabase.fresh()) {
            Instant now = Instant.parse("2026-03-29T01:30:00.123Z"); // a DST switch in Europe
            database.jdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO daily_summary (summary_date, created_at) VALUES ('2026-03-29', :now)""")
                    .bind("now", now).execute());
            Instant read = database.jdbi().withHandle(h -> h.createQuery("SELECT created_at FROM daily_summary")
                    .mapTo(Instant.class).one());
            assertEquals(now.truncatedTo(ChronoUnit.MILLIS), read);
            String raw = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM daily_summary").mapTo(String.class).one());
            assertEquals("2026-03-29 01:30:00", raw);
        }
    }

    @Test
    void schemaHasTheSeedsTablesAndTheIndexesQueriesNeed() {
        try (Database database = TestDatabase.fresh()) {
            List<String> tables = database.jdbi().withHandle(h -> h.createQuery("""
                    SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name""")
                    .mapTo(String.class).list());
            assertTrue(tables.containsAll(List.of("beat", "beat_job", "beat_tag", "beat_template", "catalog_sync_run",
                    "daily_summary", "execution_log", "prompt_record", "prompt_record_tag", "suno_api_key")), tables.toString());
            List<String> indexes = database.jdbi().withHandle(h -> h.createQuery("""
                    SELECT DISTINCT CONCAT(table_name, '.', index_name) FROM information_schema.statistics
                    WHERE table_schema = DATABASE()""").mapTo(String.class).list());
            assertTrue(indexes.containsAll(List.of("beat_tag.ix_beat_tag_tag_created", "beat.ix_beat_created",
                    "beat.ix_beat_genre_style_mood", "suno_api_key.ix_suno_api_key_selection",
                    "beat_template.ix_beat_template_selection", "beat_job.ix_beat_job_status_created",
                    "prompt_record.ix_prompt_record_template_created", "execution_log.ix_execution_log_level_created")),
                    indexes.toString());
        }
    }

    @Test
    void checkConstraintsRejectUnknownStatuses() {
        try (Database database = TestDatabase.fresh()) {
            Instant now = Instant.now();
            assertThrows(RuntimeException.class, () -> database.jdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO catalog_sync_run (source, status, started_at, finished_at) VALUES ('x', 'maybe', :now, :now)""")
                    .bind("now", now).execute()));
        }
    }
}
