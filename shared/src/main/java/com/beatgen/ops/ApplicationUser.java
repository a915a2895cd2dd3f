package com.beatgen.ops;

import com.beatgen.config.ConfigException;
import com.beatgen.config.DatabaseLogin;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database account the functions log in as: data only ({@code SELECT, INSERT, UPDATE, DELETE} on the schema), no
 * DDL, no other schemas, no account management. The deploy step creates it as the master user, after Flyway, with
 * the password in its own secret ({@code DATABASE_APP_USER_SECRET_ID}, JSON {@code username}/{@code password}), and
 * sets that password again on every deploy, so the secret is always the truth.
 */
public final class ApplicationUser {

    public static final String SECRET_ID = "DATABASE_APP_USER_SECRET_ID";
    private static final Logger log = LoggerFactory.getLogger(ApplicationUser.class);

    private ApplicationUser() {
    }

    /** Creates the account if missing, sets its password and grants data access on the connection's schema. */
    public static void ensure(Jdbi jdbi, DatabaseLogin login) {
        jdbi.useHandle(h -> {
            String schema = h.createQuery("SELECT DATABASE()").mapTo(String.class).one();
            if (schema == null || !DatabaseLogin.NAME.matcher(schema).matches()) {
                throw new ConfigException("The database name must be a plain identifier, was " + schema);
            }
            String account = "'" + login.username() + "'@'%'";
            h.createUpdate("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY :password")
                    .bind("password", login.password()).execute();
            h.createUpdate("ALTER USER " + account + " IDENTIFIED BY :password").bind("password", login.password()).execute();
            h.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + schema + "`.* TO " + account);
            log.info("Application user {} may read and write the data of schema {} (no DDL)", login.username(), schema);
        });
    }
}
