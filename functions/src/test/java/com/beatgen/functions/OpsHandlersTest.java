package com.beatgen.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.MutableClock;
import com.beatgen.api.ApiFixture;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scheduled operations functions fed the sample events from {@code events/}, on the real database. */
class OpsHandlersTest {

    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();

    @BeforeEach
    void clear() {
        fixture.clear();
        fixture.jdbi.useHandle(h -> h.execute("DELETE FROM daily_summary"));
    }

    static Map<String, Object> event(String file) throws IOException {
        return Json.MAPPER.readValue(Files.readString(Path.of("..", "events", file)), new TypeReference<>() { });
    }

    @Test
    void theMidnightScheduleSummarizesThePreviousUtcDayEvenWhenDeliveredLate() throws Exception {
        fixture.insert(List.of(new ApiFixture.Beat("00000000-0000-4000-8000-000000000001", "A", "Trap", "Dark", "Calm", List.of(),
                Instant.parse("2026-03-29T18:00:00Z"), false)));
        // the event says 00:00 on the 30th; the function runs a few minutes later
        var handler = new DailySummaryHandler(() -> fixture.database, new MutableClock(Instant.parse("2026-03-30T00:04:00Z")));

        Map<String, Object> summary = handler.handleRequest(event("daily-summary.json"), null);

        assertThat(summary).containsEntry("date", "2026-03-29").containsEntry("beatsCreated", 1L).containsEntry("succeeded", 1L);
        long rows = fixture.jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM daily_summary WHERE summary_date = '2026-03-29'").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1L);
    }

    @Test
    void aManualInvocationMayNameTheDay() {
        var handler = new DailySummaryHandler(() -> fixture.database, new MutableClock(Instant.parse("2026-03-30T10:00:00Z")));
        assertThat(handler.handleRequest(Map.of("date", "2026-02-01"), null)).containsEntry("date", "2026-02-01");
    }

    @Test
    void theHourlyMetricsAreOneEmbeddedMetricLineOnStandardOutput() throws Exception {
        fixture.key("active", 36);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var handler = new OpsMetricsHandler(() -> fixture.database, new MutableClock(Instant.parse("2026-03-30T13:00:00Z")),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        Map<String, Long> metrics = handler.handleRequest(event("ops-metrics.json"), null);

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        JsonNode emf = Json.MAPPER.readTree(lines[0]);
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("BeatGenerator");
        assertThat(emf.get("RemainingCredits").asLong()).isEqualTo(36).isEqualTo(metrics.get("RemainingCredits"));
    }
}
