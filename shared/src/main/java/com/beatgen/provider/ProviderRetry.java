package com.beatgen.provider;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries for provider calls made outside the state machine (which has its own Retry): seed property 10, three
 * retries at 1 s, 2 s, 4 s, capped at 8 s; a provider's {@code Retry-After} / {@code retryDelay} wins when given
 * (still capped). Only transient errors are retried.
 */
public final class ProviderRetry {

    private final RetryPolicy<Object> policy;

    public ProviderRetry(int retries, Duration firstDelay, Duration maxDelay) {
        this.policy = RetryPolicy.builder()
                .handle(TransientProviderException.class)
                .withMaxRetries(retries)
                .withBackoff(firstDelay, maxDelay)
                .withDelayFnOn(ctx -> ((ProviderException) ctx.getLastException()).retryAfter()
                        .map(wait -> wait.compareTo(maxDelay) > 0 ? maxDelay : wait)
                        .orElse(Duration.ofMillis(-1)), TransientProviderException.class)
                .build();
    }

    public static ProviderRetry standard() {
        return new ProviderRetry(3, Duration.ofSeconds(1), Duration.ofSeconds(8));
    }

    public <T> T call(Supplier<T> call) {
        try {
            return Failsafe.with(policy).get(call::get);
        } catch (FailsafeException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
