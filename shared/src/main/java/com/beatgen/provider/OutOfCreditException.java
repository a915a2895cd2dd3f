package com.beatgen.provider;

import java.time.Duration;

/** Out of credits or quota (Suno 429, OpenAI insufficient_quota): never retried; a Suno key becomes exhausted. */
public class OutOfCreditException extends ProviderException {

    public OutOfCreditException(Provider provider, int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(provider, httpStatus, message, retryAfter, cause);
    }

    public OutOfCreditException(Provider provider, int httpStatus, String message) {
        this(provider, httpStatus, message, null, null);
    }

    @Override
    public String errorName() {
        return "Provider.OutOfCredit";
    }
}
