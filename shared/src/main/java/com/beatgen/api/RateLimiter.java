package com.beatgen.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The per-client-IP limit (seed property 36): at most {@code maxRequests} per fixed window of {@code window}. The
 * count is one atomic upsert on MySQL ({@code api_rate_limit}), so it is exact however many Lambda instances serve
 * requests at once: the n-th request of a window gets n, never a count another request also got.
 */
public final class RateLimiter {

    /** The outcome for one request: its number within the window, and how long until the window ends. */
    public record Decision(boolean allowed, long count, Duration retryAfter) {
    }

    // sourceIp comes from API Gateway; anything else (a hand-made event) shares one bucket instead of failing
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{1,64}");

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration window;
    private final int maxRequests;
    private final AtomicLong cleanedWindow = new AtomicLong(Long.MIN_VALUE);

    public RateLimiter(Jdbi jdbi, Clock clock, Duration window, int maxRequests) {
        if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("The rate-limit window must be whole seconds, was " + window);
        }
        this.jdbi = jdbi;
        this.clock = clock;
        this.window = window;
        this.maxRequests = maxRequests;
    }

    public Decision acquire(String sourceIp) {
        String client = sourceIp != null && ADDRESS.matcher(sourceIp).matches() ? sourceIp : "unknown";
        long now = clock.millis();
        long windowMillis = window.toMillis();
        long start = Math.floorDiv(now, windowMillis) * windowMillis;
        cleanUpOnce(start, windowMillis);
        long count = jdbi.withHandle(h -> {
            // LAST_INSERT_ID(expr) hands the new count back to this session only
            h.createUpdate("""
                            INSERT INTO api_rate_limit (client_ip, window_start, request_count)
                            VALUES (:client, :start, LAST_INSERT_ID(1))
                            ON DUPLICATE KEY UPDATE request_count = LAST_INSERT_ID(request_count + 1)""")
                    .bind("client", client)
                    .bind("start", Instant.ofEpochMilli(start))
                    .execute();
            return h.createQuery("SELECT LAST_INSERT_ID()").mapTo(Long.class).one();
        });
        long untilEnd = start + windowMillis - now;
        return new Decision(count <= maxRequests, count, Duration.ofSeconds(Math.max(1, (untilEnd + 999) / 1000)));
    }

    /**
     * Deletes the windows before the previous one (an instance whose clock lags may still count in the previous one),
     * at most once per window in this container.
     */
    private void cleanUpOnce(long windowStart, long windowMillis) {
        long previous = cleanedWindow.get();
        if (previous != windowStart && cleanedWindow.compareAndSet(previous, windowStart)) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM api_rate_limit WHERE window_start < :before LIMIT 10000")
                    .bind("before", Instant.ofEpochMilli(windowStart - windowMillis)).execute());
        }
    }
}
