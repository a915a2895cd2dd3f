package com.beatgen.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per provider, its state in MySQL ({@code circuit_breaker}) so that it holds across Lambda
 * invocations and instances. Closed → open after {@code threshold} consecutive transient failures; open → half-open
 * after the cool-down, when exactly one caller gets the trial (an atomic UPDATE decides who); the trial's success
 * closes it, its failure opens it again. A trial that never reports back is handed to another caller after one more
 * cool-down. Hand-written on purpose: Failsafe's and Resilience4j's breakers keep their state in memory.
 */
public final class CircuitBreakers {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);

    public enum State { closed, open, half_open }

    /** What the health check shows. */
    public record Status(Provider provider, State state, int consecutiveFailures, Instant openedAt) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final int threshold;
    private final Duration coolDown;

    public CircuitBreakers(Jdbi jdbi, Clock clock, int threshold, Duration coolDown) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.threshold = threshold;
        this.coolDown = coolDown;
    }

    public Status status(Provider provider) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT state, consecutive_failures, opened_at FROM circuit_breaker WHERE provider = :provider""")
                .bind("provider", provider.name())
                .map((rs, ctx) -> new Status(provider, State.valueOf(rs.getString("state")), rs.getInt("consecutive_failures"),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "opened_at", ctx)))
                .findOne()
                .orElse(new Status(provider, State.closed, 0, null)));
    }

    /** Read-only health check: open and still cooling down (a due trial counts as not open). */
    public boolean isOpen(Provider provider) {
        Status status = status(provider);
        return status.state() == State.open && status.openedAt() != null
                && clock.instant().isBefore(status.openedAt().plus(coolDown));
    }

    /** Whether a call may be made now; false while open (and while another caller holds the half-open trial). */
    public boolean isCallPermitted(Provider provider) {
        Status status = status(provider);
        if (status.state() == State.closed) {
            return true;
        }
        Instant now = clock.instant();
        Instant trialDue = status.openedAt() == null ? now : status.openedAt().plus(coolDown);
        if (now.isBefore(trialDue)) {
            return false;
        }
        int won = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE circuit_breaker SET state = 'half_open', opened_at = :now, updated_at = :now
                        WHERE provider = :provider AND state = :state AND (opened_at IS NULL OR opened_at <= :due)""")
                .bind("provider", provider.name())
                .bind("state", status.state().name())
                .bind("now", now)
                .bind("due", now.minus(coolDown))
                .execute());
        if (won == 1) {
            log.info("Circuit for {} half-open: one trial call", provider);
        }
        return won == 1;
    }

    /** Throws {@link CircuitOpenException} unless a call is permitted now. */
    public void ensureCallPermitted(Provider provider) {
        if (!isCallPermitted(provider)) {
            Status status = status(provider);
            Instant due = status.openedAt() == null ? clock.instant() : status.openedAt().plus(coolDown);
            Duration wait = Duration.between(clock.instant(), due);
            throw new CircuitOpenException(provider, wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    public void recordSuccess(Provider provider) {
        int changed = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE circuit_breaker SET state = 'closed', consecutive_failures = 0, opened_at = NULL, updated_at = :now
                        WHERE provider = :provider AND (state <> 'closed' OR consecutive_failures > 0)""")
                .bind("provider", provider.name())
                .bind("now", clock.instant())
                .execute());
        if (changed == 1) {
            log.info("Circuit for {} closed", provider);
        }
    }

    /** Counts a transient failure; opens the circuit at the threshold, or at once when it was a half-open trial. */
    public void recordFailure(Provider provider) {
        // MySQL and MariaDB apply SET assignments left to right: opened_at and state read the old counters
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE circuit_breaker
                        SET opened_at = CASE WHEN state = 'half_open' OR consecutive_failures + 1 >= :threshold
                                             THEN :now ELSE opened_at END,
                            state = CASE WHEN state = 'half_open' OR consecutive_failures + 1 >= :threshold
                                         THEN 'open' ELSE state END,
                            consecutive_failures = consecutive_failures + 1,
                            updated_at = :now
                        WHERE provider = :provider""")
                .bind("provider", provider.name())
                .bind("threshold", threshold)
                .bind("now", clock.instant())
                .execute());
    }
}
