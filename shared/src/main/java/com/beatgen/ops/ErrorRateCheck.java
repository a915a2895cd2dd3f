package com.beatgen.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error-rate alert of the local stack (seed property 31): jobs that finished in the last hour, and an alert
 * (an ERROR log line and, when configured, a webhook post) when more than 20 % of them failed. In AWS the same rule
 * is a CloudWatch alarm on the state machine's metrics.
 */
public final class ErrorRateCheck {

    public static final double THRESHOLD = 0.20;
    public static final Duration WINDOW = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ErrorRateCheck.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Optional<AlertWebhook> webhook;

    public ErrorRateCheck(Jdbi jdbi, Clock clock, Optional<AlertWebhook> webhook) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.webhook = webhook;
    }

    /** Jobs that completed or failed in (from, to]. */
    record Finished(long succeeded, long failed) {
    }

    static Finished finished(Handle h, Instant from, Instant to) {
        Map<String, Long> counts = new HashMap<>();
        h.createQuery("""
                        SELECT status, COUNT(*) AS n FROM beat_job
                        WHERE status IN ('completed', 'failed') AND completed_at > :from AND completed_at <= :to
                        GROUP BY status""")
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return new Finished(counts.getOrDefault("completed", 0L), counts.getOrDefault("failed", 0L));
    }

    public ErrorRate check() {
        Instant to = clock.instant();
        Instant from = to.minus(WINDOW);
        Finished finished = jdbi.withHandle(h -> finished(h, from, to));
        long succeeded = finished.succeeded();
        long failed = finished.failed();
        double rate = succeeded + failed == 0 ? 0.0 : (double) failed / (succeeded + failed);
        boolean alert = rate > THRESHOLD;
        ErrorRate result = new ErrorRate(from, to, succeeded, failed, rate, THRESHOLD, alert, 0);
        if (!alert) {
            return result;
        }
        String text = String.format(java.util.Locale.ROOT, "Beat Generator: %d of %d jobs failed in the last hour (%.1f %% > %.0f %%)",
                failed, succeeded + failed, rate * 100, THRESHOLD * 100);
        log.error("{} [errorRate={}, failed={}, finished={}, from={}, to={}]", text, rate, failed, succeeded + failed, from, to);
        int status = webhook.map(w -> w.post(text, result.toMap())).orElse(0);
        return new ErrorRate(from, to, succeeded, failed, rate, THRESHOLD, true, status);
    }
}
