package com.beatgen.pipeline;

import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** All SQL of {@code suno_callback}: Suno's callbacks as received, one row per task and callback type. */
public final class CallbackRepository {

    private final Jdbi jdbi;
    private final Clock clock;

    public CallbackRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Records a callback; false when this task's callback of this type was already received (a redelivery). */
    public boolean record(String jobId, String taskId, String type, int code) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO suno_callback (task_id, callback_type, job_id, code, received_at)
                            VALUES (:task, :type, :job, :code, :now)""")
                    .bind("task", taskId).bind("type", type).bind("job", jobId).bind("code", code).bind("now", clock.instant())
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof java.sql.SQLIntegrityConstraintViolationException) {
                return false;
            }
            throw e;
        }
    }

    /** A task Suno called back about for {@code jobId} that no submission has claimed yet, the earliest first. */
    public Optional<String> unclaimedTask(String jobId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.task_id FROM suno_callback c
                        WHERE c.job_id = :job AND NOT EXISTS (SELECT 1 FROM suno_submission s WHERE s.task_id = c.task_id)
                        ORDER BY c.received_at, c.task_id LIMIT 1""")
                .bind("job", jobId).mapTo(String.class).findOne());
    }
}
