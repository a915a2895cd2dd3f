package com.beatgen.local;

/**
 * Where the commands get their databases. {@link EnvDatabaseProvider} reads the environment; tests supply their own,
 * so the commands run in-process against a test database.
 */
public interface DatabaseProvider {

    /** The database {@code catalog sync} writes to (kept between commands). */
    LocalDatabase open();

    /** The database of a command that keeps running ({@code up}, {@code serve}), which others may use meanwhile. */
    default LocalDatabase openShared() {
        return open();
    }

    /** A new, empty database that is thrown away when closed (for benchmarks). */
    LocalDatabase openFresh();

    /** As {@link #openFresh()}, on a server that accepts only TLS connections, as RDS in AWS (the cold-start bench). */
    LocalDatabase openFreshOverTls();
}
