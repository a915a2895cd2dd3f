package com.beatgen.db;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.config.Secrets;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and Jdbi for one process (one Lambda container). Sized for Lambda: one request per
 * environment, so a pool of one with short timeouts; the first connection is retried with backoff. With
 * {@link DatabaseConfig#credentialsSecretId()} a refused login reads the secret again ({@link RotatingCredentials}).
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final DatabaseConfig config;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(DatabaseConfig config, HikariDataSource dataSource, RotatingCredentials credentials) {
        this.config = config;
        this.dataSource = dataSource;
        this.jdbi = configure(credentials == null ? Jdbi.create(dataSource) : Jdbi.create(() -> credentials.connection(dataSource)));
    }

    /** Opens the pool and waits for a first connection: up to {@code connectAttempts} tries, backoff 1 s doubling to 8 s. */
    public static Database connect(DatabaseConfig config) {
        return connect(config, Duration.ofSeconds(1));
    }

    static Database connect(DatabaseConfig config, Duration firstBackoff) {
        return connect(config, firstBackoff, Secrets.reader(Env.system()));
    }

    /** @param readSecret reads a secret's current value by id (used only when the config names a credentials secret) */
    static Database connect(DatabaseConfig config, Duration firstBackoff, UnaryOperator<String> readSecret) {
        RotatingCredentials credentials = config.credentialsSecretId() == null ? null
                : new RotatingCredentials(config.credentialsSecretId(), readSecret, config.user(), config.password());
        HikariConfig hikari = hikariConfig(config);
        if (credentials != null) {
            hikari.setCredentialsProvider(credentials);
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handle(SQLException.class)
                .withMaxAttempts(config.connectAttempts())
                .withBackoff(firstBackoff, firstBackoff.multipliedBy(8))
                .onRetry(e -> log.warn("Database not reachable (attempt {} of {}): {}",
                        e.getAttemptCount(), config.connectAttempts(), e.getLastException().getMessage() + rootCause(e.getLastException())))
                .build();
        try {
            Failsafe.with(retry).run(() -> {
                try (Connection ignored = credentials == null ? dataSource.getConnection() : credentials.connection(dataSource)) {
                    // a connection was handed out: the database is reachable
                }
            });
        } catch (RuntimeException e) {
            dataSource.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DatabaseUnavailableException("Database not reachable after " + config.connectAttempts()
                    + " attempts: " + cause.getMessage() + rootCause(cause), cause);
        }
        return new Database(config, dataSource, credentials);
    }

    /**
     * The first failure's own words, which the pool's "Connection is not available, request timed out" hides: the
     * refused connection, the login denied, the server's certificate not trusted ({@code sslMode=VERIFY_IDENTITY}).
     */
    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == error ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** Applies the Flyway migrations in {@code db/migration}; uses its own connection so a pool of one is enough. */
    public MigrateResult migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        log.info("Schema at version {} ({} migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
        return result;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Jdbi with timestamps bound and read as UTC, independent of the JVM's and the session's time zone. */
    public static Jdbi configure(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setObject(position, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
            }
        });
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            LocalDateTime value = rs.getObject(column, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        });
        return jdbi;
    }

    private static HikariConfig hikariConfig(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("beatgen");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(config.connectTimeout().toMillis(), 1_000));
        hikari.setIdleTimeout(60_000);
        hikari.setMaxLifetime(600_000); // below RDS Proxy's idle client timeout (1800 s)
        hikari.setInitializationFailTimeout(-1); // connect() does its own retry with backoff
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(config.connectTimeout().toMillis()));
        hikari.addDataSourceProperty("rewriteBatchedStatements", "true");
        hikari.addDataSourceProperty("cachePrepStmts", "true");
        hikari.addDataSourceProperty("prepStmtCacheSize", "100");
        hikari.addDataSourceProperty("characterEncoding", "UTF-8");
        return hikari;
    }
}
