package com.beatgen.provider;

/** The API key was refused (401/403): permanent; a Suno key becomes {@code error}. */
public class UnauthorizedException extends RejectedException {

    public UnauthorizedException(Provider provider, int httpStatus, String message) {
        super(provider, httpStatus, message);
    }

    @Override
    public String errorName() {
        return "Provider.Unauthorized";
    }
}
