package com.beatgen.pipeline;

import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import com.beatgen.db.ExecutionLog;

/**
 * RecordFailure: the job becomes {@code failed} with the error's name and cause, its prompt record {@code failure};
 * never touches a completed job.
 */
public final class FailureService {

    /** RecordFailure's answer (the state machine discards it: its ResultPath is null). */
    public record Result(String jobId, String error) {
    }

    private final Jdbi jdbi;
    private final JobRepository jobs;
    private final PromptRepository prompts;
    private final ExecutionLog executionLog;

    public FailureService(Jdbi jdbi, JobRepository jobs, PromptRepository prompts, ExecutionLog executionLog) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.prompts = prompts;
        this.executionLog = executionLog;
    }

    public Result record(String jobId, String errorName, String cause) {
        String error = errorName == null || errorName.isBlank() ? "States.Unknown" : errorName;
        String message = readable(cause);
        String detail = message.length() > 4_000 ? message.substring(0, 4_000) + "…" : message;
        boolean changed = jdbi.inTransaction(h -> {
            Job job = jobs.lock(h, jobId);
            if (!"processing".equals(job.status()) && !"pending".equals(job.status())) {
                return false;
            }
            jobs.fail(h, jobId, error, detail);
            if (job.promptRecordId() != null) {
                prompts.fail(h, job.promptRecordId(), error + ": " + detail);
            }
            return true;
        });
        if (changed) {
            executionLog.error("pipeline", "Run failed: " + error, Map.of("jobId", jobId, "error", error, "cause", detail), null);
        }
        return new Result(jobId, error);
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
