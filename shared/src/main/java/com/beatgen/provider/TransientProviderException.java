package com.beatgen.provider;

import java.time.Duration;

/** Worth retrying: rate limits (429), server errors (5xx), timeouts, Suno 455/500. */
public class TransientProviderException extends ProviderException {

    public TransientProviderException(Provider provider, int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(provider, httpStatus, message, retryAfter, cause);
    }

    public TransientProviderException(Provider provider, int httpStatus, String message) {
        this(provider, httpStatus, message, null, null);
    }

    @Override
    public String errorName() {
        return "Provider.Transient";
    }
}
