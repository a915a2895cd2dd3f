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
        String message = readable(cause);
        String detail = message.length() > 4_000 ? message.substring(0, 4_000) + "…" : message;
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

    /** Step Functions passes a Lambda error's cause as its JSON payload; keep the message of it. */
    public static String readable(String cause) {
        if (cause == null) {
            return "";
        }
        if (cause.startsWith("{")) {
            try {
                com.fasterxml.jackson.databind.JsonNode payload = com.beatgen.Json.MAPPER.readTree(cause);
                if (payload.hasNonNull("errorMessage")) {
                    return payload.get("errorMessage").asText();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return cause;
            }
        }
        return cause;
    }
}
