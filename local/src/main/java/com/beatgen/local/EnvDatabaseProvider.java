package com.beatgen.local;

import com.beatgen.config.ConfigException;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.DatabaseUnavailableException;
import com.beatgen.testkit.db.EmbeddedDatabaseException;
import com.beatgen.testkit.db.EmbeddedMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The databases of the local stack: {@code DATABASE_URL} (or {@code BEATGEN_DB_URL}) when set, else an embedded
 * MariaDB whose files live under {@code BEATGEN_HOME} (default {@code .beatgen} in the project), one process at a time
 * (see {@link HomeLock}).
 */
public final class EnvDatabaseProvider implements DatabaseProvider {

    public static final String HOME = "BEATGEN_HOME";
    public static final String URL_ALIAS = "BEATGEN_DB_URL";
    public static final String DATABASE_NAME = "beatgen";

    private static final Pattern SERVER_AND_DATABASE = Pattern.compile("^(jdbc:mysql://[^/?]+)/?([^?]*)(\\?.*)?$");

    private final Env env;

    public EnvDatabaseProvider(Env env) {
        this.env = env;
    }

    /** The local stack's state directory: {@code BEATGEN_HOME}, default {@code .beatgen} in the project. */
    public static Path home(Env env) {
        return env.optional(HOME).map(Path::of).orElseGet(() -> ProjectFiles.project(env).resolve(".beatgen"))
                .toAbsolutePath().normalize();
    }

    /**
     * The home's embedded database: started here when no other process holds the home; the database of the {@code up}
     * or {@code serve} that holds it, joined while it runs; otherwise a {@link HomeInUseException} naming the holder.
     */
    @Override
    public LocalDatabase open() {
        return open(false);
    }

    /** As {@link #open()}, for {@code up} and {@code serve}: never joins, and lets other commands join while it runs. */
    @Override
    public LocalDatabase openShared() {
        return open(true);
    }

    private LocalDatabase open(boolean shared) {
        Optional<DatabaseConfig> configured = configured();
        if (configured.isPresent()) {
            return LocalDatabase.of(configured.get(), describe(configured.get()));
        }
        Path home = home(env);
        Optional<HomeLock> lock = HomeLock.tryAcquire(home);
        if (lock.isEmpty()) {
            return join(home, shared);
        }
        try {
            LocalDatabase database = embedded(home, DATABASE_NAME, "embedded MariaDB in " + home, false);
            lock.get().publish(port(database.config()), shared);
            return new LocalDatabase(database.config(), database.description(), () -> {
                try {
                    database.close();
                } finally {
                    lock.get().close();
                }
            });
        } catch (RuntimeException e) {
            lock.get().close();
            throw e;
        }
    }

    /** The running database of the process that holds {@code home}, when it shares it; else why not, naming it. */
    private static LocalDatabase join(Path home, boolean shared) {
        Optional<HomeLock.Holder> holder = HomeLock.holder(home);
        String who = holder.map(HomeLock.Holder::describe).orElse("another process (starting)");
        if (shared || holder.isEmpty() || !holder.get().shared() || holder.get().databasePort() == null) {
            throw new HomeInUseException(HOME + " " + home + " is in use by " + who + (shared ? "" : ", whose database "
                    + "is not shared") + ": wait for it or stop it, or set another " + HOME);
        }
        String password = EmbeddedMariaDb.storedPassword(home)
                .orElseThrow(() -> new HomeInUseException(HOME + " " + home + " is in use by " + who + ", and its password file is missing"));
        String url = EmbeddedMariaDb.jdbcUrl(holder.get().databasePort(), DATABASE_NAME);
        DatabaseConfig config = DatabaseConfig.parse(url,
                new Env(Map.of(DatabaseConfig.USER, EmbeddedMariaDb.USER, DatabaseConfig.PASSWORD, password)));
        return LocalDatabase.of(config, "embedded MariaDB in " + home + ", shared by " + who);
    }

    private static int port(DatabaseConfig config) {
        Matcher url = Pattern.compile("^jdbc:mysql://[^:/]+:(\\d+)/").matcher(config.jdbcUrl());
        if (!url.find()) {
            throw new IllegalStateException("no port in " + config.jdbcUrl());
        }
        return Integer.parseInt(url.group(1));
    }

    @Override
    public LocalDatabase openFresh() {
        Optional<DatabaseConfig> configured = configured();
        if (configured.isPresent()) {
            return freshOnServer(configured.get(), freshName());
        }
        return embedded(null, freshName(), "throw-away embedded MariaDB", false);
    }

    /** A throw-away embedded MariaDB that requires TLS; with {@code DATABASE_URL} set, its own sslMode decides instead. */
    @Override
    public LocalDatabase openFreshOverTls() {
        if (configured().isPresent()) {
            throw new ConfigException("A TLS database is the embedded one: with " + DatabaseConfig.URL + " set, say "
                    + "sslMode=REQUIRED in it instead");
        }
        return embedded(null, freshName(), "throw-away embedded MariaDB, TLS only", true);
    }

    private static String freshName() {
        return "beatgen_bench_" + System.currentTimeMillis();
    }

    private Optional<DatabaseConfig> configured() {
        return env.optional(DatabaseConfig.URL)
                .or(() -> env.optional(URL_ALIAS))
                .map(url -> DatabaseConfig.parse(url, env));
    }

    /**
     * Starts an embedded server (kept under {@code home}, or throw-away when null; TLS-only servers are always
     * throw-away) and creates {@code name} on it.
     */
    private static LocalDatabase embedded(Path home, String name, String description, boolean tls) {
        EmbeddedMariaDb server;
        try {
            server = tls ? EmbeddedMariaDb.startOverTls() : EmbeddedMariaDb.start(home);
        } catch (EmbeddedDatabaseException e) {
            throw new DatabaseUnavailableException(e.getMessage(), e);
        }
        try {
            String jdbcUrl = server.createDatabase(name);
            DatabaseConfig config = DatabaseConfig.parse(jdbcUrl,
                    new Env(Map.of(DatabaseConfig.USER, server.user(), DatabaseConfig.PASSWORD, server.password())));
            return new LocalDatabase(config, description, server::close);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Creates database {@code name} on the configured server; it is dropped again when closed. */
    private static LocalDatabase freshOnServer(DatabaseConfig configured, String name) {
        Matcher url = SERVER_AND_DATABASE.matcher(configured.jdbcUrl());
        if (!url.matches()) {
            throw new ConfigException(DatabaseConfig.URL + " must look like jdbc:mysql://host:3306/db");
        }
        String server = url.group(1);
        String query = url.group(3) == null ? "" : url.group(3);
        // the name is generated (letters, digits, underscores): an identifier cannot be a bind parameter
        execute(configured, server + "/" + query, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        DatabaseConfig config = new DatabaseConfig(server + "/" + name + query, configured.user(), configured.password(),
                configured.poolSize(), configured.connectTimeout(), configured.connectAttempts());
        return new LocalDatabase(config, "throw-away database " + name + " on " + server.substring("jdbc:".length()),
                () -> execute(configured, server + "/" + query, "DROP DATABASE IF EXISTS " + name));
    }

    private static void execute(DatabaseConfig credentials, String serverUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl, credentials.user(), credentials.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("Could not run '" + sql + "': " + e.getMessage(), e);
        }
    }

    /** The URL without credentials or parameters, for output. */
    private static String describe(DatabaseConfig config) {
        String url = config.jdbcUrl();
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)).substring("jdbc:".length()).replaceFirst("//[^/@]*@", "//");
    }
}
