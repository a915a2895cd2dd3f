package com.beatgen.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.MutableClock;
import com.beatgen.api.ApiFixture;
import com.beatgen.db.ExecutionLog;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Seed properties 30 and 31 on the real database. */
class OpsProperties {

    private static final Instant NOW = Instant.parse("2026-03-30T12:00:00Z");
    private static ApiFixture fixture;
    private String template;

    @BeforeContainer
    static void start() {
        fixture = new ApiFixture();
    }

    @AfterContainer
    static void stop() {
        fixture.close();
    }

    private void jobs(String status, int count, Instant finishedAt) {
        for (int i = 0; i < count; i++) {
            fixture.job(template, status, finishedAt.minusSeconds(300), finishedAt, "failed".equals(status) ? "Suno.Timeout" : null);
        }
    }

    @Property(tries = 100)
    @Label("Property 31: an alert exactly when more than 20 % of the jobs that finished in the last hour failed")
    void alertIffMoreThanTwentyPercentFailed(@ForAll @IntRange(max = 12) int succeeded, @ForAll @IntRange(max = 6) int failed,
                                             @ForAll @IntRange(max = 4) int failedEarlier) {
        fixture.clear();
        template = fixture.template("Trap", "Dark", "Calm", true);
        jobs("completed", succeeded, NOW.minusSeconds(1200));
        jobs("failed", failed, NOW.minusSeconds(30));
        jobs("failed", failedEarlier, NOW.minus(Duration.ofMinutes(61))); // outside the window

        ErrorRate result = new ErrorRateCheck(fixture.jdbi, new MutableClock(NOW), Optional.empty()).check();

        assertThat(result.alert()).isEqualTo(failed * 5 > succeeded + failed); // failed / finished > 1/5, in integers
        assertThat(result.finished()).isEqualTo(succeeded + failed);
    }

    @Property(tries = 50)
    @Label("Property 30: the summary of a day counts that day's jobs, and summarizing it again leaves one row")
    void summaryCountsTheDayAndIsIdempotent(@ForAll @IntRange(max = 6) int succeeded, @ForAll @IntRange(max = 6) int failed,
                                            @ForAll @IntRange(min = 1, max = 3) int runs) {
        fixture.clear();
        fixture.jdbi.useHandle(h -> h.execute("DELETE FROM daily_summary"));
        template = fixture.template("Trap", "Dark", "Calm", true);
        LocalDate day = LocalDate.parse("2026-03-29");
        jobs("completed", succeeded, Instant.parse("2026-03-29T06:00:00Z"));
        jobs("failed", failed, Instant.parse("2026-03-29T23:59:59.999Z"));
        jobs("failed", 1, Instant.parse("2026-03-30T00:00:00Z")); // the next day
        MutableClock clock = new MutableClock(Instant.parse("2026-03-30T00:00:01Z"));
        DailySummaryService service = new DailySummaryService(fixture.jdbi, new ExecutionLog(fixture.jdbi, clock), clock);

        DailySummary summary = null;
        for (int i = 0; i < runs; i++) {
            summary = service.summarizePreviousDay();
        }

        assertThat(summary.date()).isEqualTo(day);
        assertThat(summary.succeeded()).isEqualTo(succeeded);
        assertThat(summary.failed()).isEqualTo(failed);
        assertThat(summary.errorRate()).isEqualByComparingTo(DailySummaryService.errorRate(failed, succeeded + failed));
        long rows = fixture.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM daily_summary").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
    }
}
