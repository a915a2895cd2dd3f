package com.beatgen.pipeline;

import com.beatgen.Json;
import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.SubmissionRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Suno's callbacks into the stack's own API. A callback is authenticated by the HMAC in its URL, recorded once per
 * task and type (Suno may deliver the same one more than once), and otherwise only a hint: SubmitMusic takes over the
 * task of a submission whose answer was lost, after asking Suno about it. A {@code complete} callback for a task its
 * job cannot take (the job failed, or paid again after waiting in vain) is an orphaned generation: confirmed through
 * record-info with the key that paid for it, its clips are stored and the credits counted, so nothing paid is lost.
 */
public final class CallbackService {

    /** Largest callback body accepted (a complete callback with two clips is about 2 KB). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** What happened to a callback: {@code recorded}, {@code duplicate}, {@code orphaned} or {@code ignored}. */
    public record Outcome(String status, String taskId, String callbackType) {
    }

    /** A callback without a valid signature for its job (401). */
    public static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("The callback's signature does not match its job");
        }
    }

    /** A callback whose body is not Suno's callback JSON (400). */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private final CallbackSigner signer;
    private final CallbackRepository callbacks;
    private final JobRepository jobs;
    private final SubmissionRepository submissions;
    private final OrphanKeeper orphans;
    private final ExecutionLog executionLog;

    public CallbackService(CallbackSigner signer, CallbackRepository callbacks, JobRepository jobs, SubmissionRepository submissions,
                           OrphanKeeper orphans, ExecutionLog executionLog) {
        this.signer = signer;
        this.callbacks = callbacks;
        this.jobs = jobs;
        this.submissions = submissions;
        this.orphans = orphans;
        this.executionLog = executionLog;
    }

    /**
     * @throws Unauthorized when {@code signature} is not this stack's for {@code jobId}
     * @throws Invalid      when the body is not a Suno callback
     */
    public Outcome receive(String jobId, String signature, String body) {
        if (!signer.verify(jobId, signature)) {
            throw new Unauthorized();
        }
        JsonNode callback = parse(body);
        JsonNode data = callback.path("data");
        String taskId = data.path("task_id").asText("");
        String type = data.path("callbackType").asText("");
        if (taskId.isBlank() || !List.of("text", "first", "complete", "error").contains(type)) {
            throw new Invalid("data.task_id and data.callbackType (text, first, complete, error) are required");
        }
        Optional<Job> job = jobs.find(jobId);
        if (job.isEmpty()) {
            return new Outcome("ignored", taskId, type); // signed for a job that is gone: nothing to attach it to
        }
        if (!callbacks.record(jobId, taskId, type, callback.path("code").asInt(0))) {
            return new Outcome("duplicate", taskId, type);
        }
        executionLog.info("suno-callback", "Suno callback " + type, Map.of("jobId", jobId, "taskId", taskId));
        if ("complete".equals(type) && failedWithItsTask(job.get(), taskId)) {
            Optional<SubmissionRepository.Submission> accepted = submissions.accepted(jobId, taskId);
            if (accepted.isPresent() && orphans.keep(job.get(), accepted.get(), taskId)) {
                return new Outcome("orphaned", taskId, type);
            }
        } else if ("complete".equals(type) && !takenByItsJob(job.get(), taskId)) {
            return orphan(job.get(), taskId, type);
        }
        return new Outcome("recorded", taskId, type);
    }

    /** The job's own task, but the job failed after taking it (e.g. its execution ended mid-poll): no beat will take it. */
    private static boolean failedWithItsTask(Job job, String taskId) {
        return taskId.equals(job.sunoTaskId()) && "failed".equals(job.status());
    }

    /** The job has this task, or still waits for one (SubmitMusic adopts it from the callback). */
    private boolean takenByItsJob(Job job, String taskId) {
        if (taskId.equals(job.sunoTaskId()) || submissions.known(taskId)) {
            return true;
        }
        return job.sunoTaskId() == null && "processing".equals(job.status())
                && submissions.open(job.id()).stream().anyMatch(s -> "pending".equals(s.status()));
    }

    /** Keeps a generation paid for by an attempt of this job whose answer never arrived. */
    private Outcome orphan(Job job, String taskId, String type) {
        Optional<SubmissionRepository.Submission> attempt = submissions.open(job.id()).stream().findFirst();
        if (attempt.isEmpty()) {
            executionLog.warn("suno-callback", "A completed Suno task no submission of this job paid for: ignored",
                    Map.of("jobId", job.id(), "taskId", taskId));
            return new Outcome("ignored", taskId, type);
        }
        return new Outcome(orphans.keep(job, attempt.get(), taskId) ? "orphaned" : "recorded", taskId, type);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = Json.tree(body);
            if (node == null || !node.isObject()) {
                throw new Invalid("The body must be a JSON object");
            }
            return node;
        } catch (UncheckedIOException e) {
            throw new Invalid("The body is not JSON");
        }
    }
}
