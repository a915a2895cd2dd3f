package com.beatgen.db;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.testkit.db.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;

/**
 * The MySQL-compatible server tests run against, chosen once per JVM:
 * {@code BEATGEN_TEST_JDBC_URL} if set (its user needs CREATE/DROP DATABASE) → Testcontainers MySQL 8.4 when Docker
 * is available → embedded MariaDB. Each call of {@link #fresh()} gets its own new, migrated database.
 */
public final class TestDatabase {

    public static final String URL_VARIABLE = "BEATGEN_TEST_JDBC_URL";
    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:mysql://[^/?]+)/?([^?]*)(\\?.*)?$");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Server server;

    private TestDatabase() {
    }

    /** A new empty database with the schema migrated; close it when done. */
    public static Database fresh() {
        Database database = Database.connect(freshConfig());
        database.migrate();
        return database;
    }

    /** A new empty database, not migrated. */
    public static synchronized DatabaseConfig freshConfig() {
        Server s = server();
        String name = "beatgen_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(s.serverUrl() + "/" + s.query(), s.user(), s.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database on " + s.kind() + ": " + e.getMessage(), e);
        }
        s.created().add(name);
        Map<String, String> env = new HashMap<>();
        if (s.user() != null) {
            env.put(DatabaseConfig.USER, s.user());
        }
        if (s.password() != null) {
            env.put(DatabaseConfig.PASSWORD, s.password());
        }
        env.put(DatabaseConfig.POOL_SIZE, "4");
        return DatabaseConfig.parse(s.serverUrl() + "/" + name + s.query(), new Env(env));
    }

    /** Which backend this JVM uses: "external", "testcontainers-mysql-8.4" or "embedded-mariadb". */
    public static synchronized String backend() {
        return server().kind();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = start();
            Server started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.stop(), "test-database-cleanup"));
            log.info("Tests use {} at {}", server.kind(), server.serverUrl());
        }
        return server;
    }

    private static Server start() {
        String external = System.getenv(URL_VARIABLE);
        if (external == null || external.isBlank()) {
            external = System.getProperty(URL_VARIABLE);
        }
        if (external != null && !external.isBlank()) {
            Matcher m = JDBC_URL.matcher(external.trim());
            if (!m.matches()) {
                throw new IllegalStateException(URL_VARIABLE + " must look like jdbc:mysql://host:3306/anydb?user=…&password=…");
            }
            String query = m.group(3) == null ? "" : m.group(3);
            return new Server("external", m.group(1), query, System.getenv("BEATGEN_TEST_DB_USER"),
                    System.getenv("BEATGEN_TEST_DB_PASSWORD"), () -> { });
        }
        if (dockerAvailable()) {
            MySQLContainer<?> mysql = new MySQLContainer<>("mysql:8.4").withUsername("root").withPassword("test");
            mysql.start();
            Matcher m = JDBC_URL.matcher(mysql.getJdbcUrl());
            if (!m.matches()) {
                throw new IllegalStateException("Unexpected Testcontainers URL " + mysql.getJdbcUrl());
            }
            String query = m.group(3) == null ? "?allowPublicKeyRetrieval=true&useSSL=false" : m.group(3);
            return new Server("testcontainers-mysql-8.4", m.group(1), query, "root", "test", mysql::stop);
        }
        EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(null);
        return new Server("embedded-mariadb", "jdbc:mysql://127.0.0.1:" + mariaDb.port(), "", mariaDb.user(),
                mariaDb.password(), mariaDb::close);
    }

    private static boolean dockerAvailable() {
        if ("false".equals(System.getenv("BEATGEN_TEST_DOCKER"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private record Server(String kind, String serverUrl, String query, String user, String password, Runnable stopper,
                          Set<String> created) {
        Server(String kind, String serverUrl, String query, String user, String password, Runnable stopper) {
            this(kind, serverUrl, query, user, password, stopper, ConcurrentHashMap.newKeySet());
        }

        void stop() {
            if ("external".equals(kind)) {
                try (Connection connection = DriverManager.getConnection(serverUrl + "/" + query, user, password);
                     Statement statement = connection.createStatement()) {
                    for (String name : created) {
                        statement.execute("DROP DATABASE IF EXISTS " + name);
                    }
                } catch (SQLException e) {
                    log.warn("Could not drop test databases: {}", e.getMessage());
                }
            }
            stopper.run();
        }
    }
}
