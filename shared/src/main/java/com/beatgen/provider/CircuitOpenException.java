package com.beatgen.provider;

import java.time.Duration;

/** The provider's circuit breaker is open: the call was not made. */
public class CircuitOpenException extends ProviderException {

    public CircuitOpenException(Provider provider, Duration retryAfter) {
        super(provider, 0, "circuit open after repeated failures; next trial in " + retryAfter.toSeconds() + " s", retryAfter, null);
    }

    @Override
    public String errorName() {
        return "Provider.CircuitOpen";
    }
}
