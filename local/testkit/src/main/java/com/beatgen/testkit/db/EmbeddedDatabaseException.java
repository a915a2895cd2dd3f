package com.beatgen.testkit.db;

/** The embedded database could not be started, installed or used; the message says why (with the server's log). */
public final class EmbeddedDatabaseException extends RuntimeException {

    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
