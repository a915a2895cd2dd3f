package com.beatgen.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.DatabaseLogin;
import com.beatgen.config.Env;
import com.beatgen.ops.ApplicationUser;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the functions log in as the least-privilege application user whose password lives in a secret that
 * rotates. A warm container holds a pool with the old password; after the rotation its next invocation must work.
 * Secrets Manager cannot run here: the secret is a reference the test changes, read through the same lookup.
 */
class CredentialRotationTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static GrantServer server;

    /**
     * Accounts and passwords need grant tables, which the shared embedded MariaDB runs without: this class gets its own
     * server, switched to grant tables by FLUSH PRIVILEGES over a root session that stays open.
     */
    @BeforeAll
    static void startServer() throws SQLException {
        server = GrantServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aWarmPoolLogsInWithTheRotatedPasswordOnItsNextInvocation() {
        try (Database admin = server.freshDatabase()) {
            String user = "app_rot" + USERS.incrementAndGet();
            ApplicationUser.ensure(admin.jdbi(), new DatabaseLogin(user, "first-Password-1"));
            AtomicReference<String> secret = new AtomicReference<>(secretJson(user, "first-Password-1"));
            AtomicInteger reads = new AtomicInteger();
            DatabaseConfig config = asUser(admin, user, "first-Password-1", "beatgen/db-app");

            try (Database warm = Database.connect(config, Duration.ofMillis(50), id -> {
                reads.incrementAndGet();
                assertThat(id).isEqualTo("beatgen/db-app");
                return secret.get();
            })) {
                assertThat(templateCount(warm)).isZero(); // first invocation; the pool keeps its connection

                ApplicationUser.ensure(admin.jdbi(), new DatabaseLogin(user, "second-Password-2")); // the rotation
                secret.set(secretJson(user, "second-Password-2"));
                killSessionsOf(admin, user);

                assertThat(templateCount(warm)).isZero(); // next invocation, same container
                assertThat(reads).hasValue(1);
                assertThat(templateCount(warm)).isZero();
                assertThat(reads).as("read again only on a refused login").hasValue(1);
            }
        }
    }

    @Test
    void aFunctionRestoredFromASnapshotTakenBeforeTheRotationConnectsAfterReadingTheSecretAgain() {
        try (Database admin = server.freshDatabase()) {
            String user = "app_snap" + USERS.incrementAndGet();
            ApplicationUser.ensure(admin.jdbi(), new DatabaseLogin(user, "first-Password-1"));
            // the snapshot holds the password read before it (Components.fromEnv); the secret has rotated since
            ApplicationUser.ensure(admin.jdbi(), new DatabaseLogin(user, "second-Password-2"));
            AtomicInteger reads = new AtomicInteger();
            try (Database restored = Database.connect(asUser(admin, user, "first-Password-1", "beatgen/db-app"), Duration.ofMillis(50),
                    id -> {
                        reads.incrementAndGet();
                        return secretJson(user, "second-Password-2");
                    })) {
                assertThat(templateCount(restored)).isZero();
                assertThat(reads).as("read again once, on the refused login").hasValue(1);
            }
        }
    }

    @Test
    void withoutReadingTheSecretAgainTheWarmPoolFails() {
        try (Database admin = server.freshDatabase()) {
            String user = "app_old" + USERS.incrementAndGet();
            ApplicationUser.ensure(admin.jdbi(), new DatabaseLogin(user, "first-Password-1"));
            DatabaseConfig config = asUser(admin, user, "first-Password-1", null);
            try (Database warm = Database.connect(config, Duration.ofMillis(50), id -> {
                throw new AssertionError("no secret configured");
            })) {
                assertThat(templateCount(warm)).isZero();
                ApplicationUser.ensure(admin.jdbi(), new DatabaseLogin(user, "second-Password-2"));
                killSessionsOf(admin, user);
                assertThatThrownBy(() -> templateCount(warm)).isInstanceOf(ConnectionException.class)
                        .satisfies(e -> assertThat(RotatingCredentials.isLoginRefused(e)).isTrue());
            }
        }
    }

    @Test
    void theApplicationUserMayChangeDataButNotTheSchema() {
        try (Database admin = server.freshDatabase()) {
            String user = "app_dml" + USERS.incrementAndGet();
            ApplicationUser.ensure(admin.jdbi(), new DatabaseLogin(user, "Password-1"));
            ApplicationUser.ensure(admin.jdbi(), new DatabaseLogin(user, "Password-1")); // every deploy: idempotent
            try (Database app = Database.connect(asUser(admin, user, "Password-1", null))) {
                app.jdbi().useHandle(h -> {
                    h.execute("INSERT INTO daily_summary (summary_date, created_at) VALUES ('2026-01-01', '2026-01-02 00:00:00')");
                    h.execute("UPDATE daily_summary SET beats_created = 1");
                    h.execute("DELETE FROM daily_summary");
                });
                for (String ddl : List.of("CREATE TABLE x (id INT)", "DROP TABLE daily_summary",
                        "ALTER TABLE beat ADD COLUMN x INT", "CREATE USER 'other'@'%' IDENTIFIED BY 'x'")) {
                    assertThatThrownBy(() -> app.jdbi().useHandle(h -> h.execute(ddl)))
                            .as(ddl).hasRootCauseInstanceOf(SQLException.class).hasMessageContaining("denied");
                }
            }
        }
    }

    private static DatabaseConfig asUser(Database admin, String user, String password, String secretId) {
        String url = admin.dataSource() instanceof com.zaxxer.hikari.HikariDataSource hikari ? hikari.getJdbcUrl() : null;
        DatabaseConfig base = DatabaseConfig.parse(url, new Env(Map.of(DatabaseConfig.USER, user, DatabaseConfig.PASSWORD, password,
                DatabaseConfig.CONNECT_TIMEOUT_MS, "5000", DatabaseConfig.CONNECT_ATTEMPTS, "3")));
        return new DatabaseConfig(base.jdbcUrl(), user, password, 1, base.connectTimeout(), base.connectAttempts(), secretId);
    }

    private static long templateCount(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_template").mapTo(Long.class).one());
    }

    /** The container was frozen: its idle connection is gone (idle timeout, maintenance, failover). */
    private static void killSessionsOf(Database admin, String user) {
        admin.jdbi().useHandle(h -> h.createQuery("SELECT id FROM information_schema.processlist WHERE user = :user")
                .bind("user", user).mapTo(Long.class).list()
                .forEach(id -> h.execute("KILL " + id)));
        try {
            Thread.sleep(600); // idle longer than Hikari's 500 ms window in which it hands out a connection unchecked
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String secretJson(String user, String password) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"engine\":\"mysql\"}";
    }
}
