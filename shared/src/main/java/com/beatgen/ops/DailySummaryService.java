package com.beatgen.ops;

import com.beatgen.db.ExecutionLog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The daily report (seed property 30): at 00:00 UTC the previous UTC day is summarized into {@code daily_summary}.
 * Idempotent: summarizing a day again replaces its row (a duplicated or retried schedule event changes nothing but
 * the key counts, which are those at the time of the run).
 */
public final class DailySummaryService {

    static final String SERVICE = "daily-summary";

    private final Jdbi jdbi;
    private final ExecutionLog executionLog;
    private final Clock clock;

    public DailySummaryService(Jdbi jdbi, ExecutionLog executionLog, Clock clock) {
        this.jdbi = jdbi;
        this.executionLog = executionLog;
        this.clock = clock;
    }

    /** The UTC day before the one {@code at} lies in: what the 00:00 UTC schedule summarizes. */
    public static LocalDate previousUtcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(1);
    }

    public DailySummary summarizePreviousDay() {
        return summarize(previousUtcDay(clock.instant()));
    }

    /** Computes the day's figures from one consistent snapshot and upserts its row. */
    public DailySummary summarize(LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        DailySummary summary = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            long beats = h.createQuery("SELECT COUNT(*) FROM beat WHERE created_at >= :from AND created_at < :to")
                    .bind("from", from).bind("to", to).mapTo(Long.class).one();
            Map<String, Long> jobs = countBy(h.createQuery("""
                    SELECT status, COUNT(*) AS n FROM beat_job
                    WHERE status IN ('completed', 'failed') AND completed_at >= :from AND completed_at < :to
                    GROUP BY status""").bind("from", from).bind("to", to));
            Map<String, Long> keys = countBy(h.createQuery("SELECT status, COUNT(*) AS n FROM suno_api_key GROUP BY status"));
            long succeeded = jobs.getOrDefault("completed", 0L);
            long failed = jobs.getOrDefault("failed", 0L);
            DailySummary result = new DailySummary(day, beats, succeeded, failed, errorRate(failed, succeeded + failed),
                    keys.getOrDefault("active", 0L), keys.getOrDefault("exhausted", 0L));
            h.createUpdate("""
                            INSERT INTO daily_summary (summary_date, beats_created, beats_succeeded, beats_failed, error_rate,
                                                       active_api_keys, exhausted_api_keys, created_at)
                            VALUES (:date, :beats, :succeeded, :failed, :rate, :active, :exhausted, :now)
                            ON DUPLICATE KEY UPDATE beats_created = VALUES(beats_created), beats_succeeded = VALUES(beats_succeeded),
                                beats_failed = VALUES(beats_failed), error_rate = VALUES(error_rate),
                                active_api_keys = VALUES(active_api_keys), exhausted_api_keys = VALUES(exhausted_api_keys),
                                created_at = VALUES(created_at)""")
                    .bind("date", day).bind("beats", beats).bind("succeeded", succeeded).bind("failed", failed)
                    .bind("rate", result.errorRate()).bind("active", result.activeKeys())
                    .bind("exhausted", result.exhaustedKeys()).bind("now", clock.instant())
                    .execute();
            return result;
        });
        executionLog.info(SERVICE, "Daily summary for " + day, summary.toMap());
        return summary;
    }

    /** failed / finished with four decimals (the column is DECIMAL(5,4)); 0 when nothing finished. */
    static BigDecimal errorRate(long failed, long finished) {
        return finished == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(failed).divide(BigDecimal.valueOf(finished), 4, RoundingMode.HALF_UP);
    }

    private static Map<String, Long> countBy(Query query) {
        Map<String, Long> counts = new HashMap<>();
        query.map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
