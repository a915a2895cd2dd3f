package com.beatgen.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call that did not yield a usable answer. Each subclass is one error class of the interface: its
 * {@link #errorName()} is what the state machine's {@code Retry} and {@code Catch} match on. Messages never contain
 * API keys.
 */
public abstract class ProviderException extends RuntimeException {

    private final Provider provider;
    private final int httpStatus;
    private final transient Duration retryAfter;

    protected ProviderException(Provider provider, int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(provider + ": " + message, cause);
        this.provider = provider;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** The error name the state machine sees, e.g. {@code Provider.Transient}. */
    public abstract String errorName();

    public Provider provider() {
        return provider;
    }

    /**
     * The HTTP status, or the status in the provider's JSON {@code code} field; 0 when no answer arrived (the request
     * may have been received), -1 when the request was never sent (no connection).
     */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the outcome is known: the provider answered, or the request never left. */
    public boolean answered() {
        return httpStatus != 0;
    }

    /** How long the provider asked us to wait ({@code Retry-After}, Gemini {@code retryDelay}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
