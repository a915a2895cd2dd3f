package com.beatgen.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.MutableClock;
import com.beatgen.api.ApiFixture;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpsMetricsTest {

    private static final Instant NOW = Instant.parse("2026-03-30T12:00:00Z");
    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();

    @Test
    void collectsTheLastHourAndTheKeyPoolAsOneEmbeddedMetricRecord() throws Exception {
        fixture.clear();
        fixture.insert(List.of( // also adds one active key with 100 credits
                new ApiFixture.Beat("00000000-0000-4000-8000-000000000001", "A", "Trap", "Dark", "Calm", List.of(), NOW.minusSeconds(60), false),
                new ApiFixture.Beat("00000000-0000-4000-8000-000000000002", "B", "Trap", "Dark", "Calm", List.of(), NOW.minusSeconds(7200), false)));
        String template = fixture.template("Trap", "Dark", "Calm", true);
        fixture.job(template, "failed", NOW.minusSeconds(400), NOW.minusSeconds(300), "Suno.Timeout");
        fixture.key("active", 24);
        fixture.key("exhausted", 0);
        OpsMetrics metrics = new OpsMetrics(fixture.jdbi, new MutableClock(NOW));

        Map<String, Long> collected = metrics.collect();

        assertThat(collected).containsExactlyInAnyOrderEntriesOf(Map.of("BeatsCreated", 1L, "JobsSucceeded", 1L, "JobsFailed", 1L,
                "RemainingCredits", 124L, "ActiveKeys", 2L, "ExhaustedKeys", 1L));
        JsonNode emf = Json.MAPPER.readTree(metrics.emf(collected, "beatgen"));
        assertThat(emf.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("BeatGenerator");
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText()).isEqualTo("Service");
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"))
                .containsExactlyInAnyOrderElementsOf(collected.keySet());
        assertThat(emf.get("Service").asText()).isEqualTo("beatgen");
        assertThat(emf.get("RemainingCredits").asLong()).isEqualTo(124);
    }

    @Test
    void migrationsRunOnAnEmptyDatabaseAndAreANoOpTheSecondTime() {
        try (Database database = Database.connect(TestDatabase.freshConfig())) {
            Migrations.Result first = Migrations.run(database);
            Migrations.Result second = Migrations.run(database);
            assertThat(first.applied()).isGreaterThanOrEqualTo(4);
            assertThat(second.applied()).isZero();
            assertThat(second.schemaVersion()).isEqualTo(first.schemaVersion());
        }
    }
}
