package com.beatgen.pipeline;

import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.SubmissionRepository;
import com.beatgen.keys.SunoGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.suno.SunoRequest;
import com.beatgen.provider.suno.SunoSubmission;
import com.beatgen.provider.suno.SunoTask;

/**
 * SubmitMusic and PollMusic (seed MusicService). The Suno task id and key are stored on the job before polling
 * begins (property 12), and a job that already has a task is never submitted again: a retried SubmitMusic must not
 * pay twice.
 */
public final class MusicService {

    public static final int MAX_POLLS = 30;

    /** The state machine's {@code $.submission}. */
    public record Submission(String taskId, String keyId) {
    }

    /** The state machine's {@code $.poll}: {@code status} is COMPLETE, FAILED or IN_PROGRESS. */
    public record Poll(String status, String providerStatus, int polls, int maxPolls, String error) {
    }

    private final SunoGateway suno;
    private final JobRepository jobs;
    private final TemplateRepository templates;
    private final PromptRepository prompts;
    private final SubmissionRepository submissions;
    private final CallbackRepository callbacks;
    private final PromptRules rules;
    private final ExecutionLog executionLog;
    private final Clock clock;
    private final Duration callbackWait;
    private final CallbackSigner signer;

    /**
     * @param callbackWait how long after an unanswered attempt its callback may still arrive (Suno calls back within
     *                     seconds of accepting a task); after that the job submits again
     * @param signer       signs each job's callback URL; null for an instance that only polls (PollMusic)
     */
    public MusicService(SunoGateway suno, JobRepository jobs, TemplateRepository templates, PromptRepository prompts,
                        SubmissionRepository submissions, CallbackRepository callbacks, PromptRules rules,
                        ExecutionLog executionLog, Clock clock, Duration callbackWait, CallbackSigner signer) {
        this.suno = suno;
        this.jobs = jobs;
        this.templates = templates;
        this.prompts = prompts;
        this.submissions = submissions;
        this.callbacks = callbacks;
        this.rules = rules;
        this.executionLog = executionLog;
        this.clock = clock;
        this.callbackWait = callbackWait;
        this.signer = signer;
    }

    /**
     * At most one paid generation per job: a job with a task is never submitted again; an earlier attempt whose answer
     * was lost is taken over from Suno's callback (confirmed through record-info) instead of paying again; only when no
     * callback came within {@code callbackWait} is the attempt given up and a new one made.
     */
    public Submission submit(String jobId) {
        Job job = jobs.get(jobId);
        if (job.sunoTaskId() != null) {
            return new Submission(job.sunoTaskId(), job.apiKeyId());
        }
        BiConsumer<Handle, SunoSubmission> store = (h, accepted) -> {
            jobs.setSubmission(h, jobId, accepted.taskId(), accepted.keyId());
            if (job.promptRecordId() != null) {
                prompts.setKey(h, job.promptRecordId(), accepted.keyId());
            }
        };
        for (SubmissionRepository.Submission earlier : submissions.open(jobId)) {
            if (!"pending".equals(earlier.status())) {
                continue;
            }
            Optional<String> task = awaitCallback(jobId, earlier);
            Job now = jobs.get(jobId);
            if (now.sunoTaskId() != null) { // an invocation running at the same time took a task meanwhile
                return new Submission(now.sunoTaskId(), now.apiKeyId());
            }
            if (task.isPresent()) {
                suno.adopt(earlier, task.get(), store);
                executionLog.warn("pipeline", "An earlier Suno submission's answer was lost; its task was taken over from the callback",
                        Map.of("jobId", jobId, "taskId", task.get(), "keyId", earlier.keyId()));
                return new Submission(task.get(), earlier.keyId());
            }
            submissions.unanswered(earlier.id(), "no callback within " + callbackWait.toSeconds() + " s of the request");
            executionLog.warn("pipeline", "An earlier Suno submission got no answer and no callback: submitting again",
                    Map.of("jobId", jobId, "keyId", earlier.keyId()));
        }
        BeatTemplate template = templates.find(job.templateId()).orElseThrow().template();
        String prompt = job.normalizedPrompt() != null ? job.normalizedPrompt() : template.basePrompt();
        SunoRequest request = new SunoRequest(rules.style(prompt), rules.title(template.categoryName()), signer.url(jobId));
        SunoSubmission submission = suno.submit(jobId, request, store);
        return new Submission(submission.taskId(), submission.keyId());
    }

    /**
     * The task of a callback for {@code jobId}, waiting until {@code callbackWait} after the attempt was made; empty
     * at once when the job got a task meanwhile.
     */
    private Optional<String> awaitCallback(String jobId, SubmissionRepository.Submission attempt) {
        long waitNanos = Duration.between(clock.instant(), attempt.requestedAt().plus(callbackWait)).toNanos();
        long deadline = System.nanoTime() + Math.max(0, waitNanos);
        while (true) {
            Optional<String> task = callbacks.unclaimedTask(jobId);
            if (task.isPresent() || System.nanoTime() >= deadline || jobs.get(jobId).sunoTaskId() != null) {
                return task;
            }
            try {
                Thread.sleep(Math.min(500, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** One status check; the state machine waits 10 s between checks and gives up after {@link #MAX_POLLS}. */
    public Poll poll(String jobId) {
        Job job = jobs.get(jobId);
        int polls = jobs.incrementPolls(jobId);
        SunoTask task = suno.poll(job.sunoTaskId(), job.apiKeyId());
        String error = task.status() != SunoTask.Status.FAILED ? ""
                : task.providerStatus() + (task.errorMessage() == null ? "" : ": " + task.errorMessage());
        return new Poll(task.status().name(), task.providerStatus(), polls, MAX_POLLS, error);
    }
}
