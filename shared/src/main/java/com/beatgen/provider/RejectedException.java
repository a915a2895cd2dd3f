package com.beatgen.provider;

import java.time.Duration;

/** Permanent: invalid request (other 4xx), refused or blocked prompt. Never retried. */
public class RejectedException extends ProviderException {

    public RejectedException(Provider provider, int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(provider, httpStatus, message, retryAfter, cause);
    }

    public RejectedException(Provider provider, int httpStatus, String message) {
        this(provider, httpStatus, message, null, null);
    }

    @Override
    public String errorName() {
        return "Provider.Rejected";
    }
}
