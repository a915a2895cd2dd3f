package com.beatgen.provider;

/**
 * The provider answered 200 but the answer is unusable: malformed JSON, a schema violation, output cut off. Retried
 * like a transient error (a model answers differently next time); never stored.
 */
public class InvalidResponseException extends TransientProviderException {

    public InvalidResponseException(Provider provider, String message, Throwable cause) {
        super(provider, 200, message, null, cause);
    }

    public InvalidResponseException(Provider provider, String message) {
        this(provider, message, null);
    }

    @Override
    public String errorName() {
        return "Provider.InvalidResponse";
    }
}
