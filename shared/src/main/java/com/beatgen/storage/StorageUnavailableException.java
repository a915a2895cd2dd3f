package com.beatgen.storage;

/** S3 could not be read or written (state machine error {@code Storage.Unavailable}: retried). */
public final class StorageUnavailableException extends RuntimeException {

    public static final String ERROR_NAME = "Storage.Unavailable";

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
