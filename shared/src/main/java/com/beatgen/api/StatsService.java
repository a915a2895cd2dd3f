package com.beatgen.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * {@code GET /api/stats} (seed property 35): the counts equal the database at {@code generatedAt} (all read from
 * one consistent snapshot) and are kept in this container for at most {@code ttl} (≤ 60 s). Nothing is counted over
 * the whole history: the total is the counter kept with every beat ({@code beat_facet_count}), today's beats and the
 * last 24 hours' jobs are ranges of {@code beat (created_at)} and {@code beat_job (status, completed_at)} (a day's
 * worth of rows), and the key pool is small. So the first request of a container costs what the others do.
 */
public final class StatsService {

    private record Cached(Instant at, Map<String, Object> stats) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration ttl;
    private volatile Cached cached;

    public StatsService(Jdbi jdbi, Clock clock, Duration ttl) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Map<String, Object> stats() {
        Cached current = cached;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.at().plus(ttl)) && !now.isBefore(current.at())) {
            return current.stats();
        }
        Map<String, Object> fresh = compute(now);
        cached = new Cached(now, fresh);
        return fresh;
    }

    /**
     * Beats today: created since 00:00 UTC. The last 24 h: jobs finished in (now − 24 h, now]. Remaining credits:
     * the sum over active keys.
     */
    public Map<String, Object> compute(Instant now) {
        Instant dayStart = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            long total = h.createQuery("SELECT COALESCE(MAX(beats), 0) FROM beat_facet_count WHERE facet = 'all' AND value = ''")
                    .mapTo(Long.class).one();
            long today = h.createQuery("SELECT COUNT(*) FROM beat FORCE INDEX (ix_beat_created) WHERE created_at >= :from AND created_at < :to")
                    .bind("from", dayStart).bind("to", dayStart.plus(Duration.ofDays(1))).mapTo(Long.class).one();
            Map<String, Long> finished = new LinkedHashMap<>(Map.of("completed", 0L, "failed", 0L));
            h.createQuery("""
                            SELECT status, COUNT(*) AS n FROM beat_job FORCE INDEX (ix_beat_job_status_completed)
                            WHERE status IN ('completed', 'failed') AND completed_at > :since AND completed_at <= :now
                            GROUP BY status""")
                    .bind("since", now.minus(Duration.ofHours(24))).bind("now", now)
                    .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                    .forEach(e -> finished.put(e.getKey(), e.getValue()));
            Map<String, Object> keys = new LinkedHashMap<>();
            for (String status : new String[] {"active", "exhausted", "error", "disabled"}) {
                keys.put(status, 0L);
            }
            // SUM ignores never-read credits (NULL): null when no active key's credits are known
            Long[] credits = {null};
            long[] unknown = {0};
            h.createQuery("""
                            SELECT status, COUNT(*) AS n, SUM(quota_remaining) AS credits,
                                   SUM(CASE WHEN quota_remaining IS NULL THEN 1 ELSE 0 END) AS unknown
                            FROM suno_api_key GROUP BY status""")
                    .map((rs, ctx) -> {
                        keys.put(rs.getString("status"), rs.getLong("n"));
                        if ("active".equals(rs.getString("status"))) {
                            credits[0] = rs.getObject("credits") == null ? null : rs.getLong("credits");
                            unknown[0] = rs.getLong("unknown");
                        }
                        return null;
                    })
                    .list();
            long succeeded = finished.get("completed");
            long failed = finished.get("failed");
            Map<String, Object> last24h = new LinkedHashMap<>();
            last24h.put("succeeded", succeeded);
            last24h.put("failed", failed);
            last24h.put("errorRate", succeeded + failed == 0 ? 0.0 : Math.round(10_000.0 * failed / (succeeded + failed)) / 10_000.0);
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("totalBeats", total);
            stats.put("beatsToday", today);
            stats.put("last24h", last24h);
            stats.put("keys", keys);
            stats.put("remainingCredits", credits[0]);
            stats.put("keysWithUnknownCredits", unknown[0]);
            stats.put("generatedAt", Rows.iso(now));
            return stats;
        });
    }
}
