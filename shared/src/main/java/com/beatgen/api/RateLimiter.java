package com.beatgen.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The per-client-IP limit (seed property 36) as an exact sliding window: at most {@code maxRequests} accepted requests
 * in any interval of {@code window}. Each client has up to {@code maxRequests} slots in MySQL, each holding the time
 * of the accepted request that last used it; a request is accepted by taking a slot last used a full window ago
 * (usually one UPDATE: one round trip) or, while the client has fewer slots, by adding one. When every slot was used
 * within the window the request is refused, and {@code Retry-After} is when the oldest of them leaves the window.
 * MySQL is the shared state, so the limit holds across any number of Lambda instances. Refused requests do not count.
 */
public final class RateLimiter {

    /** The outcome for one request, and (when refused) how long until a slot frees up. */
    public record Decision(boolean allowed, Duration retryAfter) {
    }

    /** Slots unused this long are deleted (a deleted slot is as free as an old one). */
    static final Duration KEEP = Duration.ofHours(1);
    private static final int ATTEMPTS = 5;
    // sourceIp comes from API Gateway; anything else (a hand-made event) shares one bucket instead of failing
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{1,64}");

    private final RateLimitRepository slots;
    private final Clock clock;
    private final Duration window;
    private final int maxRequests;
    private final AtomicLong cleanedAt = new AtomicLong(Long.MIN_VALUE);

    public RateLimiter(Jdbi jdbi, Clock clock, Duration window, int maxRequests) {
        if (window.toMillis() < 1000) {
            throw new IllegalArgumentException("The rate-limit window must be at least 1 s, was " + window);
        }
        this.slots = new RateLimitRepository(jdbi);
        this.clock = clock;
        this.window = window;
        this.maxRequests = maxRequests;
    }

    public Decision acquire(String sourceIp) {
        String client = sourceIp != null && ADDRESS.matcher(sourceIp).matches() ? sourceIp : "unknown";
        Instant now = clock.instant();
        cleanUpNow(now);
        Instant expired = now.minus(window);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (slots.claimExpired(client, maxRequests, expired, now)) {
                return new Decision(true, Duration.ZERO);
            }
            RateLimitRepository.Usage usage = slots.usage(client, maxRequests);
            if (usage.slots() >= maxRequests) {
                return refused(usage.oldest(), now);
            }
            Optional<Integer> slot = usage.highest() + 1 < maxRequests ? Optional.of(usage.highest() + 1)
                    : slots.freeSlot(client, maxRequests);
            if (slot.isPresent() && slots.add(client, slot.get(), now)) {
                return new Decision(true, Duration.ZERO);
            }
            // another request took that slot in between: look again
        }
        return refused(slots.usage(client, maxRequests).oldest(), now);
    }

    /** Refused until the oldest use leaves the window, in whole seconds, at least 1. */
    private Decision refused(Instant oldest, Instant now) {
        long millis = oldest == null ? 1000 : Duration.between(now, oldest.plus(window)).toMillis();
        return new Decision(false, Duration.ofSeconds(Math.max(1, (millis + 999) / 1000)));
    }

    /** Deletes long-unused slots, at most once per window in this container. */
    private void cleanUpNow(Instant now) {
        long previous = cleanedAt.get();
        if ((previous == Long.MIN_VALUE || now.toEpochMilli() - previous >= window.toMillis()) && cleanedAt.compareAndSet(previous, now.toEpochMilli())) {
            slots.deleteUsedBefore(now.minus(KEEP.compareTo(window) > 0 ? KEEP : window), 10_000);
        }
    }
}
