package com.beatgen.provider;

import java.time.Duration;

/** One Suno key is rate limited (405/430): rotate to the next key at once (seed property 14). */
public class KeyRateLimitedException extends ProviderException {

    public KeyRateLimitedException(Provider provider, int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(provider, httpStatus, message, retryAfter, cause);
    }

    public KeyRateLimitedException(Provider provider, int httpStatus, String message) {
        this(provider, httpStatus, message, null, null);
    }

    @Override
    public String errorName() {
        return "Provider.RateLimited";
    }
}
