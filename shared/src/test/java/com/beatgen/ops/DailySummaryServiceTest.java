package com.beatgen.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.MutableClock;
import com.beatgen.api.ApiFixture;
import com.beatgen.db.ExecutionLog;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Property 30 on the real database: the previous UTC day's report, written once per day however often it runs. */
class DailySummaryServiceTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-03-30T00:00:00Z");
    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();
    private MutableClock clock;
    private DailySummaryService service;

    @BeforeEach
    void setUp() {
        fixture.clear();
        fixture.jdbi.useHandle(h -> {
            h.execute("DELETE FROM daily_summary");
            h.execute("DELETE FROM execution_log");
        });
        clock = new MutableClock(MIDNIGHT.plusSeconds(3));
        service = new DailySummaryService(fixture.jdbi, new ExecutionLog(fixture.jdbi, clock), clock);
    }

    @Test
    void property30SummarizesThePreviousUtcDayOnly() {
        String template = fixture.template("Trap", "Dark", "Calm", true);
        fixture.insert(List.of(
                beat("00000000-0000-4000-8000-000000000001", "2026-03-29T00:00:00Z"),
                beat("00000000-0000-4000-8000-000000000002", "2026-03-29T23:59:59.999Z"),
                beat("00000000-0000-4000-8000-000000000003", "2026-03-28T23:59:59.999Z"), // the day before
                beat("00000000-0000-4000-8000-000000000004", "2026-03-30T00:00:00Z"))); // today
        fixture.job(template, "failed", Instant.parse("2026-03-29T11:00:00Z"), Instant.parse("2026-03-29T11:05:00Z"), "Suno.Timeout");
        fixture.job(template, "failed", Instant.parse("2026-03-30T00:00:01Z"), Instant.parse("2026-03-30T00:00:02Z"), "Suno.Timeout");
        fixture.job(template, "processing", Instant.parse("2026-03-29T23:58:00Z"), null, null);
        fixture.key("active", 0); // insert(...) added one active key already
        fixture.key("exhausted", 0);
        fixture.key("disabled", 40);

        DailySummary summary = service.summarizePreviousDay();

        assertThat(summary).isEqualTo(new DailySummary(LocalDate.parse("2026-03-29"), 2, 2, 1, new BigDecimal("0.3333"), 2, 1));
        assertThat(row("2026-03-29")).containsEntry("beats_created", 2L).containsEntry("beats_succeeded", 2L)
                .containsEntry("beats_failed", 1L).containsEntry("active_api_keys", 2L).containsEntry("exhausted_api_keys", 1L);
        assertThat(new BigDecimal(row("2026-03-29").get("error_rate").toString())).isEqualByComparingTo("0.3333");
        assertThat(count("SELECT COUNT(*) FROM execution_log WHERE service = 'daily-summary' AND message LIKE '%2026-03-29'"))
                .isEqualTo(1);
    }

    @Test
    void runningTwiceForOneDayKeepsOneRowWithTheLatestFigures() {
        service.summarize(LocalDate.parse("2026-03-29"));
        fixture.insert(List.of(beat("00000000-0000-4000-8000-000000000009", "2026-03-29T12:00:00Z")));
        DailySummary again = service.summarize(LocalDate.parse("2026-03-29"));

        assertThat(again.beatsCreated()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM daily_summary")).isEqualTo(1);
        assertThat(row("2026-03-29")).containsEntry("beats_created", 1L);
    }

    @Test
    void aDayWithoutJobsHasErrorRateZero() {
        DailySummary summary = service.summarize(LocalDate.parse("2026-01-01"));
        assertThat(summary.errorRate()).isEqualByComparingTo("0");
        assertThat(summary.beatsCreated()).isZero();
    }

    @Test
    void thePreviousDayIsTakenInUtc() {
        assertThat(DailySummaryService.previousUtcDay(Instant.parse("2026-03-30T00:00:00Z"))).isEqualTo("2026-03-29");
        assertThat(DailySummaryService.previousUtcDay(Instant.parse("2026-03-30T23:59:59Z"))).isEqualTo("2026-03-29");
        assertThat(DailySummaryService.previousUtcDay(Instant.parse("2026-03-01T00:10:00Z"))).isEqualTo("2026-02-28");
    }

    private static ApiFixture.Beat beat(String id, String createdAt) {
        return new ApiFixture.Beat(id, "Beat " + id.substring(id.length() - 4), "Trap", "Dark", "Calm", List.of("chill"),
                Instant.parse(createdAt), false);
    }

    private static Map<String, Object> row(String date) {
        return fixture.jdbi.withHandle(h -> h.createQuery("""
                        SELECT beats_created, beats_succeeded, beats_failed, error_rate, active_api_keys, exhausted_api_keys
                        FROM daily_summary WHERE summary_date = :date""")
                .bind("date", LocalDate.parse(date))
                .map((rs, ctx) -> Map.<String, Object>of(
                        "beats_created", rs.getLong(1), "beats_succeeded", rs.getLong(2), "beats_failed", rs.getLong(3),
                        "error_rate", rs.getBigDecimal(4), "active_api_keys", rs.getLong(5), "exhausted_api_keys", rs.getLong(6)))
                .one());
    }

    private static long count(String sql) {
        return fixture.jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
