package com.beatgen.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/** Fault injection: throws from the n-th SQL statement a Jdbi instance executes ({@code jdbi.addCustomizer}). */
public final class FailAt implements StatementCustomizer {

    private final int failAt;
    private final AtomicInteger statements = new AtomicInteger();

    public FailAt(int failAt) {
        this.failAt = failAt;
    }

    /** How many statements ran (the failing one included). */
    public int statements() {
        return statements.get();
    }

    @Override
    public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
        if (statements.incrementAndGet() == failAt) {
            throw new SQLException("injected failure at statement " + failAt + ": " + ctx.getRenderedSql());
        }
    }
}
