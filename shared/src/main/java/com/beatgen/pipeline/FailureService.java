package com.beatgen.pipeline;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import com.beatgen.db.ExecutionLog;

/**
 * RecordFailure: the job becomes {@code failed} with the error's name and cause, its prompt record {@code failure};
 * never touches a completed job.
 */
public final class FailureService {

    private final Jdbi jdbi;
    private final JobRepository jobs;
    private final ExecutionLog executionLog;
    private final Clock clock;

    public FailureService(Jdbi jdbi, JobRepository jobs, ExecutionLog executionLog, Clock clock) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.executionLog = executionLog;
        this.clock = clock;
    }

    public Map<String, Object> record(String jobId, String errorName, String cause) {
        String error = errorName == null || errorName.isBlank() ? "States.Unknown" : errorName;
        String detail = cause == null ? "" : cause.length() > 4_000 ? cause.substring(0, 4_000) + "…" : cause;
        boolean changed = jdbi.inTransaction(h -> {
            Job job = jobs.lock(h, jobId);
            if (!"processing".equals(job.status()) && !"pending".equals(job.status())) {
                return false;
            }
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("status", "failed");
            columns.put("error_name", error);
            columns.put("error_cause", detail);
            columns.put("completed_at", clock.instant());
            jobs.update(h, jobId, columns);
            if (job.promptRecordId() != null) {
                h.createUpdate("""
                                UPDATE prompt_record SET execution_result = 'failure', error_message = :message, updated_at = :now
                                WHERE id = :id""")
                        .bind("id", job.promptRecordId()).bind("message", error + ": " + detail).bind("now", clock.instant()).execute();
            }
            return true;
        });
        if (changed) {
            executionLog.error("pipeline", "Run failed: " + error, Map.of("jobId", jobId, "error", error, "cause", detail), null);
        }
        return Map.of("jobId", jobId, "error", error);
    }
}
