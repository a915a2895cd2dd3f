package com.beatgen.keys;

/** No active Suno key with enough credits (state machine error {@code Suno.NoKeyAvailable}). */
public class NoKeyAvailableException extends RuntimeException {

    public NoKeyAvailableException(String message) {
        super(message);
    }

    public String errorName() {
        return "Suno.NoKeyAvailable";
    }
}
