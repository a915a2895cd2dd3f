package com.beatgen.db;

import com.beatgen.config.DatabaseLogin;
import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's login, taken from a Secrets Manager secret ({@code {"username": …, "password": …}}) that rotates. A warm
 * container keeps the credentials it read; when the server refuses them (MySQL error 1045, SQLSTATE 28000) the secret
 * is read again and, if it changed, the pool opens its next connection with the new values. Connections already open
 * stay valid: MySQL checks the password only at login.
 */
final class RotatingCredentials implements HikariCredentialsProvider {

    private static final Logger log = LoggerFactory.getLogger(RotatingCredentials.class);
    private static final int ACCESS_DENIED = 1045;

    private final String secretId;
    private final UnaryOperator<String> readSecret;
    private volatile Credentials current;

    RotatingCredentials(String secretId, UnaryOperator<String> readSecret, String user, String password) {
        this.secretId = secretId;
        this.readSecret = readSecret;
        this.current = Credentials.of(user, password);
    }

    @Override
    public Credentials getCredentials() {
        return current;
    }

    /** A connection from the pool; on a refused login the secret is read again and, if it changed, tried once more. */
    Connection connection(HikariDataSource pool) throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (!isLoginRefused(e) || !reread()) {
                throw e;
            }
            return pool.getConnection();
        }
    }

    /** Reads the secret again; true when it holds other credentials than those in use. */
    synchronized boolean reread() {
        DatabaseLogin login;
        try {
            login = DatabaseLogin.fromSecret(secretId, readSecret.apply(secretId));
        } catch (RuntimeException e) {
            log.error("The database refused the login and secret {} could not be read again: {}", secretId, e.getMessage());
            return false;
        }
        Credentials read = Credentials.of(login.username(), login.password());
        if (read.getUsername().equals(current.getUsername()) && read.getPassword().equals(current.getPassword())) {
            log.warn("The database refused the login and secret {} still holds the same credentials", secretId);
            return false;
        }
        log.warn("The database refused the login: secret {} was rotated, using its new credentials", secretId);
        current = read;
        return true;
    }

    static boolean isLoginRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == ACCESS_DENIED || "28000".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
