package com.beatgen.pipeline;

import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.provider.PromptRules;
import com.beatgen.keys.SunoGateway;
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
    private final PromptRules rules;

    public MusicService(SunoGateway suno, JobRepository jobs, TemplateRepository templates, PromptRepository prompts,
                        PromptRules rules) {
        this.suno = suno;
        this.jobs = jobs;
        this.templates = templates;
        this.prompts = prompts;
        this.rules = rules;
    }

    public Submission submit(String jobId) {
        Job job = jobs.get(jobId);
        if (job.sunoTaskId() == null) {
            BeatTemplate template = templates.find(job.templateId()).orElseThrow().template();
            String prompt = job.normalizedPrompt() != null ? job.normalizedPrompt() : template.basePrompt();
            SunoSubmission submission = suno.submit(new SunoRequest(rules.style(prompt), rules.title(template.categoryName())));
            jobs.setSubmission(jobId, submission.taskId(), submission.keyId());
            if (job.promptRecordId() != null) {
                prompts.setKey(job.promptRecordId(), submission.keyId());
            }
            return new Submission(submission.taskId(), submission.keyId());
        }
        return new Submission(job.sunoTaskId(), job.apiKeyId());
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
