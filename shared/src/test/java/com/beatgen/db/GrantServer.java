package com.beatgen.db;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.testkit.db.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded MariaDB of its own (the embedded server checks accounts and passwords): its administrator session
 * creates databases and a password-protected admin account, in the role of RDS's master user.
 */
final class GrantServer implements AutoCloseable {

    private static final String ADMIN = "test_admin";
    private static final String ADMIN_PASSWORD = "admin-Password-0";
    private final EmbeddedMariaDb mariaDb;
    private final Connection root;
    private final AtomicInteger databases = new AtomicInteger();

    private GrantServer(EmbeddedMariaDb mariaDb, Connection root) {
        this.mariaDb = mariaDb;
        this.root = root;
    }

    static GrantServer start() throws SQLException {
        EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(null);
        Connection root = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + mariaDb.port() + "/", mariaDb.user(),
                mariaDb.password());
        try (Statement statement = root.createStatement()) {
            statement.execute("DROP USER IF EXISTS ''@'localhost'"); // anonymous accounts would shadow 'x'@'%'
            statement.execute("CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'");
            statement.execute("GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION");
        }
        return new GrantServer(mariaDb, root);
    }

    /** A new, migrated database and a pool on it as the admin account (the master user's role in RDS). */
    Database freshDatabase() {
        String name = "rot_" + databases.incrementAndGet();
        try (Statement statement = root.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Database database = Database.connect(DatabaseConfig.parse("jdbc:mysql://127.0.0.1:" + mariaDb.port() + "/" + name,
                new Env(Map.of(DatabaseConfig.USER, ADMIN, DatabaseConfig.PASSWORD, ADMIN_PASSWORD))));
        database.migrate();
        return database;
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            // the server stops anyway
        }
        mariaDb.close();
    }
}
