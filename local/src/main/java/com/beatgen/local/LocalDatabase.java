package com.beatgen.local;

import com.beatgen.config.DatabaseConfig;

/**
 * A database a command uses: how to connect to it, how to name it in output, and what to release when the command
 * is done (stop an embedded server, drop a throw-away database).
 */
public record LocalDatabase(DatabaseConfig config, String description, Runnable release) implements AutoCloseable {

    /** A database that needs no clean-up. */
    public static LocalDatabase of(DatabaseConfig config, String description) {
        return new LocalDatabase(config, description, () -> { });
    }

    @Override
    public void close() {
        release.run();
    }
}
