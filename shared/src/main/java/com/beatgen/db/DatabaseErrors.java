package com.beatgen.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jdbi.v3.core.ConnectionException;

/** What a database failure means to the caller, and how to name it without the SQL statement it carried. */
public final class DatabaseErrors {

    /** Where a driver's or Jdbi's message starts quoting the statement. */
    private static final Pattern STATEMENT = Pattern.compile(
            "(?s)(\\s*[:\\[(]\\s*)?(\\b(INSERT|UPDATE|DELETE|SELECT|REPLACE|CALL)\\b|\\[statement:|Query is:).*$");

    private DatabaseErrors() {
    }

    /** The database could not be reached or gave up on the statement for now (a retry may succeed). */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException || t instanceof ConnectionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t.getClass().getName().endsWith("CommunicationsException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database's own reason for a failure, e.g. {@code Data too long for column 'id' at row 1 (SQLState 22001,
     * error 1406)}: the innermost SQLException's first line, cut where it starts quoting SQL.
     */
    public static String reason(Throwable failure) {
        SQLException sql = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                sql = e;
            }
        }
        if (sql == null) {
            return "an unexpected " + failure.getClass().getSimpleName().replaceAll("Exception$", "").toLowerCase(Locale.ROOT) + " error";
        }
        String message = sql.getMessage() == null ? "" : sql.getMessage().lines().findFirst().orElse("");
        String text = STATEMENT.matcher(message).replaceFirst("").strip();
        return (text.isEmpty() ? "the statement failed" : text)
                + " (SQLState " + sql.getSQLState() + (sql.getErrorCode() != 0 ? ", error " + sql.getErrorCode() : "") + ")";
    }
}
