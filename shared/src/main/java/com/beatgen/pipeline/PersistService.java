package com.beatgen.pipeline;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.db.ExecutionLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private final Jdbi jdbi;
    private final JobRepository jobs;
    private final TemplateRepository templates;
    private final ExecutionLog executionLog;
    private final Clock clock;

    public PersistService(Jdbi jdbi, JobRepository jobs, TemplateRepository templates, ExecutionLog executionLog, Clock clock) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.templates = templates;
        this.executionLog = executionLog;
        this.clock = clock;
    }

    public Map<String, Object> persist(String jobId) {
        boolean[] created = {false};
        Map<String, Object> result = jdbi.inTransaction(h -> persist(h, jobId, created));
        if (created[0]) {
            executionLog.info("pipeline", "Beat created", Map.of("jobId", jobId, "beatId", result.get("beatId"), "name", result.get("name")));
        }
        return result;
    }

    /** {@code created[0]} tells a new beat from the replay of a retried invocation. */
    private Map<String, Object> persist(Handle h, String jobId, boolean[] created) {
        Job job = jobs.lock(h, jobId);
        if (job.beatId() != null) {
            String name = h.createQuery("SELECT name FROM beat WHERE id = :id").bind("id", job.beatId()).mapTo(String.class).one();
            return Map.of("beatId", job.beatId(), "name", name);
        }
        if (job.metadata() == null || job.fileUrl() == null || job.apiKeyId() == null) {
            throw new PipelineException("Pipeline.IncompleteJob", "Job " + jobId + " lacks metadata, audio or key");
        }
        BeatTemplate t = templates.find(job.templateId()).orElseThrow().template();
        String name = uniqueName(h, job.metadata().path("name").asText());
        Set<String> tags = new LinkedHashSet<>();
        job.metadata().path("tags").forEach(tag -> tags.add(tag.asText()));
        tags.addAll(t.tags());
        List<String> cleanTags = new ArrayList<>();
        tags.forEach(tag -> {
            String clean = tag.strip().toLowerCase(Locale.ROOT);
            if (!clean.isEmpty() && clean.length() <= 64 && !cleanTags.contains(clean)) {
                cleanTags.add(clean);
            }
        });
        String beatId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        h.createUpdate("""
                        INSERT INTO beat (id, job_id, template_id, name, genre, style, mood, use_case, description, file_url,
                                          alt_file_url, duration_seconds, base_prompt, normalized_prompt, concept, api_key_id, created_at)
                        VALUES (:id, :job, :template, :name, :genre, :style, :mood, :useCase, :description, :fileUrl,
                                :altFileUrl, :duration, :basePrompt, :normalizedPrompt, :concept, :key, :now)""")
                .bind("id", beatId).bind("job", jobId).bind("template", t.id()).bind("name", name)
                .bind("genre", t.genre()).bind("style", t.style()).bind("mood", t.mood()).bind("useCase", t.useCase())
                .bind("description", job.metadata().path("description").asText())
                .bind("fileUrl", job.fileUrl()).bind("altFileUrl", job.altFileUrl()).bind("duration", job.durationSeconds())
                .bind("basePrompt", t.basePrompt())
                .bind("normalizedPrompt", job.normalizedPrompt() == null ? t.basePrompt() : job.normalizedPrompt())
                .bind("concept", job.concept() == null ? "{\"fallback\":true}" : Json.write(job.concept()))
                .bind("key", job.apiKeyId()).bind("now", now)
                .execute();
        if (!cleanTags.isEmpty()) {
            var batch = h.prepareBatch("INSERT INTO beat_tag (beat_id, tag, created_at) VALUES (:beat, :tag, :now)");
            cleanTags.forEach(tag -> batch.bind("beat", beatId).bind("tag", tag).bind("now", now).add());
            batch.execute();
        }
        BeatCounts.added(h, beatId);
        if (job.promptRecordId() != null) {
            h.createUpdate("""
                            UPDATE prompt_record SET execution_result = 'success', api_key_id = :key, updated_at = :now
                            WHERE id = :id""")
                    .bind("id", job.promptRecordId()).bind("key", job.apiKeyId()).bind("now", now).execute();
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("status", "completed");
        columns.put("beat_id", beatId);
        columns.put("completed_at", now);
        jobs.update(h, jobId, columns);
        created[0] = true;
        return Map.of("beatId", beatId, "name", name);
    }

    /** {@code name}, or {@code name-2}, {@code name-3} … whichever is free (seed property 17). */
    private static String uniqueName(Handle h, String name) {
        List<String> taken = h.createQuery("SELECT name FROM beat WHERE name = :name OR name LIKE :pattern FOR UPDATE")
                .bind("name", name).bind("pattern", escapeLike(name) + "-%").mapTo(String.class).list();
        if (!taken.contains(name)) {
            return name;
        }
        int n = 2;
        while (taken.contains(name + "-" + n)) {
            n++;
        }
        return name + "-" + n;
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
