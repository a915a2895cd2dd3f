package com.beatgen.local;

/** Another process holds {@code BEATGEN_HOME} and its database cannot be shared: the message names that process. */
final class HomeInUseException extends RuntimeException {

    HomeInUseException(String message) {
        super(message);
    }
}
