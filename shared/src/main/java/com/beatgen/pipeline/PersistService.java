package com.beatgen.pipeline;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.db.ExecutionLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * PersistBeat: in one transaction (seed property 24) the beat row with a unique name (suffix -2, -3 …; property 17),
 * its tags, the prompt record's success, and the job completed. A retried invocation finds the job completed and
 * returns the stored beat.
 */
public final class PersistService {

    /** The state machine's {@code $.beat}, the execution's output. */
    public record Result(String beatId, String name) {
    }

    private final Jdbi jdbi;
    private final JobRepository jobs;
    private final TemplateRepository templates;
    private final PromptRepository prompts;
    private final BeatRepository beats;
    private final ExecutionLog executionLog;
    private final Clock clock;

    public PersistService(Jdbi jdbi, JobRepository jobs, TemplateRepository templates, PromptRepository prompts,
                          BeatRepository beats, ExecutionLog executionLog, Clock clock) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.templates = templates;
        this.prompts = prompts;
        this.beats = beats;
        this.executionLog = executionLog;
        this.clock = clock;
    }

    public Result persist(String jobId) {
        boolean[] created = {false};
        Result result = jdbi.inTransaction(h -> persist(h, jobId, created));
        if (created[0]) {
            executionLog.info("pipeline", "Beat created", Map.of("jobId", jobId, "beatId", result.beatId(), "name", result.name()));
        }
        return result;
    }

    /** {@code created[0]} tells a new beat from the replay of a retried invocation. */
    private Result persist(Handle h, String jobId, boolean[] created) {
        Job job = jobs.lock(h, jobId);
        if (job.beatId() != null) {
            return new Result(job.beatId(), beats.name(h, job.beatId()));
        }
        if (job.metadata() == null || job.fileUrl() == null || job.apiKeyId() == null) {
            throw new PipelineException("Pipeline.IncompleteJob", "Job " + jobId + " lacks metadata, audio or key");
        }
        BeatTemplate t = templates.find(job.templateId()).orElseThrow().template();
        String name = beats.uniqueName(h, job.metadata().path("name").asText());
        String beatId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        beats.insert(h, new BeatRepository.NewBeat(beatId, jobId, t.id(), name, t.genre(), t.style(), t.mood(), t.useCase(),
                job.metadata().path("description").asText(), job.fileUrl(), job.altFileUrl(), job.durationSeconds(),
                t.basePrompt(), job.normalizedPrompt() == null ? t.basePrompt() : job.normalizedPrompt(),
                job.concept() == null ? "{\"fallback\":true}" : Json.write(job.concept()), job.apiKeyId(), now, tags(job, t)));
        if (job.promptRecordId() != null) {
            prompts.succeed(h, job.promptRecordId(), job.apiKeyId());
        }
        jobs.complete(h, jobId, beatId);
        created[0] = true;
        return new Result(beatId, name);
    }

    /** Gemini's tags then the template's: lowercase, trimmed, at most 64 characters, no duplicates. */
    private static List<String> tags(Job job, BeatTemplate t) {
        Set<String> tags = new LinkedHashSet<>();
        job.metadata().path("tags").forEach(tag -> tags.add(tag.asText()));
        tags.addAll(t.tags());
        List<String> clean = new ArrayList<>();
        tags.forEach(tag -> {
            String c = tag.strip().toLowerCase(Locale.ROOT);
            if (!c.isEmpty() && c.length() <= 64 && !clean.contains(c)) {
                clean.add(c);
            }
        });
        return clean;
    }
}
