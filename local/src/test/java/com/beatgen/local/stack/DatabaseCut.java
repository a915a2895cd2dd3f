package com.beatgen.local.stack;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * Takes the database away at a chosen statement, once armed, as a crash or a network cut would: just before it runs
 * (it fails, and so does its transaction) or just after. Installed on the stack's Jdbi, it sees every statement of the
 * in-process handlers.
 */
final class DatabaseCut implements StatementCustomizer {

    private record Trigger(String sql, boolean before, Duration outage) {
    }

    private final TcpOutage database;
    private final AtomicReference<Trigger> armed = new AtomicReference<>();

    DatabaseCut(TcpOutage database) {
        this.database = database;
    }

    /** Cuts right after the first statement containing {@code sql}; {@code outage} null: until a test restores it. */
    void after(String sql, Duration outage) {
        armed.set(new Trigger(sql, false, outage));
    }

    /** Cuts right before the first statement containing {@code sql}, which then fails. */
    void before(String sql, Duration outage) {
        armed.set(new Trigger(sql, true, outage));
    }

    void disarm() {
        armed.set(null);
    }

    @Override
    public void beforeExecution(PreparedStatement statement, StatementContext ctx) {
        fire(ctx, true);
    }

    @Override
    public void afterExecution(PreparedStatement statement, StatementContext ctx) {
        fire(ctx, false);
    }

    private void fire(StatementContext ctx, boolean before) {
        Trigger trigger = armed.get();
        if (trigger != null && trigger.before() == before && ctx.getRenderedSql().contains(trigger.sql())
                && armed.compareAndSet(trigger, null)) {
            cut(database, trigger.outage());
        }
    }

    /** Every connection reset now; back after {@code outage} (null: when a test restores it). */
    static void cut(TcpOutage database, Duration outage) {
        database.cut();
        if (outage != null) {
            CompletableFuture.runAsync(database::restore, CompletableFuture.delayedExecutor(outage.toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
