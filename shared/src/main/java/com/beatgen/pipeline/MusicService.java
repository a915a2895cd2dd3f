package com.beatgen.pipeline;

import com.beatgen.catalog.TemplateRepository;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.suno.SunoGateway;
import com.beatgen.provider.suno.SunoRequest;
import com.beatgen.provider.suno.SunoSubmission;
import com.beatgen.provider.suno.SunoTask;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SubmitMusic and PollMusic (seed MusicService). The Suno task id and key are stored on the job before polling
 * begins (property 12), and a job that already has a task is never submitted again: a retried SubmitMusic must not
 * pay twice.
 */
public final class MusicService {

    public static final int MAX_POLLS = 30;

    private final SunoGateway suno;
    private final JobRepository jobs;
    private final TemplateRepository templates;
    private final PromptRules rules;
    private final Clock clock;

    public MusicService(SunoGateway suno, JobRepository jobs, TemplateRepository templates, PromptRules rules, Clock clock) {
        this.suno = suno;
        this.jobs = jobs;
        this.templates = templates;
        this.rules = rules;
        this.clock = clock;
    }

    public Map<String, Object> submit(String jobId) {
        Job job = jobs.get(jobId);
        if (job.sunoTaskId() == null) {
            String title = templates.find(job.templateId()).orElseThrow().template().categoryName();
            String prompt = job.normalizedPrompt() != null ? job.normalizedPrompt()
                    : templates.find(job.templateId()).orElseThrow().template().basePrompt();
            SunoSubmission submission = suno.submit(new SunoRequest(rules.style(prompt), rules.title(title)));
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("suno_task_id", submission.taskId());
            columns.put("api_key_id", submission.keyId());
            columns.put("submitted_at", clock.instant());
            jobs.update(jobId, columns);
            if (job.promptRecordId() != null) {
                jobs.updatePromptKey(job.promptRecordId(), submission.keyId());
            }
            job = jobs.get(jobId);
        }
        return Map.of("taskId", job.sunoTaskId(), "keyId", job.apiKeyId());
    }

    /** One status check; the state machine waits 10 s between checks and gives up after {@link #MAX_POLLS}. */
    public Map<String, Object> poll(String jobId) {
        Job job = jobs.get(jobId);
        int polls = jobs.incrementPolls(jobId);
        SunoTask task = suno.poll(job.sunoTaskId(), job.apiKeyId());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", task.status().name());
        result.put("providerStatus", task.providerStatus());
        result.put("polls", polls);
        result.put("maxPolls", MAX_POLLS);
        result.put("error", task.status() != SunoTask.Status.FAILED ? ""
                : task.providerStatus() + (task.errorMessage() == null ? "" : ": " + task.errorMessage()));
        return result;
    }
}
