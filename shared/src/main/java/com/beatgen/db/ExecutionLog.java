package com.beatgen.db;

import com.beatgen.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code execution_log} table (properties 21, 27–29): structured entries with level, service, context and,
 * for errors, the stack trace. Writing the log never breaks the operation being logged. Callers must pass context
 * that is already free of secrets.
 */
public final class ExecutionLog {

    private static final Logger log = LoggerFactory.getLogger(ExecutionLog.class);
    private static final int MAX_TEXT = 60_000;

    public enum Level { ERROR, WARN, INFO, DEBUG }

    private final Jdbi jdbi;
    private final Clock clock;

    public ExecutionLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public void info(String service, String message, Map<String, ?> context) {
        write(Level.INFO, service, message, context, null);
    }

    public void warn(String service, String message, Map<String, ?> context) {
        write(Level.WARN, service, message, context, null);
    }

    public void error(String service, String message, Map<String, ?> context, Throwable error) {
        write(Level.ERROR, service, message, context, error);
    }

    public void write(Level level, String service, String message, Map<String, ?> context, Throwable error) {
        try {
            jdbi.useHandle(handle -> insert(handle, level, service, message, context, error));
        } catch (RuntimeException e) {
            log.warn("Could not write execution_log ({} {}): {}", service, message, e.getMessage());
        }
    }

    /** An INFO line written inside the caller's transaction: it is logged exactly when the transaction commits. */
    public void info(Handle handle, String service, String message, Map<String, ?> context) {
        insert(handle, Level.INFO, service, message, context, null);
    }

    private void insert(Handle handle, Level level, String service, String message, Map<String, ?> context, Throwable error) {
        Object jobId = context == null ? null : context.get("jobId");
        handle.createUpdate("""
                        INSERT INTO execution_log (level, service, message, context, stack_trace, job_id, created_at)
                        VALUES (:level, :service, :message, :context, :stackTrace, :jobId, :now)""")
                .bind("level", level.name())
                .bind("service", service)
                .bind("message", truncate(message))
                .bind("context", context == null || context.isEmpty() ? null : truncate(Json.write(context)))
                .bind("stackTrace", error == null ? null : truncate(stackTrace(error)))
                .bind("jobId", jobId == null ? null : jobId.toString())
                .bind("now", clock.instant())
                .execute();
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
