package com.beatgen.pipeline;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.db.ExecutionLog;
import com.beatgen.db.FacetedTable;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.openai.OpenAiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * NormalizePrompt: OpenAI turns base prompt + concept into a normalized prompt with extra tags (seed PromptService);
 * the result is stored as the template's next prompt version (seed properties 9 and 22). With {@code useBasePrompt}
 * (OpenAI stayed down) the base prompt is stored instead and a warning logged.
 */
public final class PromptService {

    private static final ObjectNode SCHEMA = (ObjectNode) JobRepository.json("""
            {"type":"object","properties":{
              "normalizedPrompt":{"type":"string","description":"one paragraph for a music generator, under 600 characters"},
              "additionalTags":{"type":"array","items":{"type":"string"},"description":"3 to 6 short lowercase tags"}},
             "required":["normalizedPrompt","additionalTags"],"additionalProperties":false}""");

    private final OpenAiClient openAi;
    private final JobRepository jobs;
    private final TemplateRepository templates;
    private final PromptRules rules;
    private final ExecutionLog executionLog;
    private final org.jdbi.v3.core.Jdbi jdbi;
    private final Clock clock;

    public PromptService(OpenAiClient openAi, JobRepository jobs, TemplateRepository templates, PromptRules rules,
                         ExecutionLog executionLog, org.jdbi.v3.core.Jdbi jdbi, Clock clock) {
        this.openAi = openAi;
        this.jobs = jobs;
        this.templates = templates;
        this.rules = rules;
        this.executionLog = executionLog;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * @param conceptFallback Gemini stayed down: there is no concept (logged as a warning)
     * @param useBasePrompt OpenAI stayed down: store the base prompt (logged as a warning)
     */
    public Map<String, Object> normalize(String jobId, boolean conceptFallback, boolean useBasePrompt, String fallbackCause) {
        Job job = jobs.get(jobId);
        if (job.promptRecordId() != null) {
            return Map.of("promptRecordId", job.promptRecordId());
        }
        BeatTemplate t = templates.find(job.templateId()).orElseThrow().template();
        if (conceptFallback && !useBasePrompt) {
            executionLog.warn("concept", "Gemini unavailable after retries: continuing with the base prompt",
                    context(jobId, t.id(), fallbackCause));
        }
        String normalized;
        List<String> tags = new ArrayList<>(t.tags());
        if (useBasePrompt) {
            executionLog.warn("prompt", "OpenAI unavailable after retries: using the base prompt", context(jobId, t.id(), fallbackCause));
            normalized = rules.clean(t.basePrompt());
        } else {
            JsonNode answer = openAi.completeJson(
                    "You normalize prompts for an instrumental music generator: keep genre, tempo, key and instruments; "
                            + "merge in the concept; plain descriptive language. " + PromptRules.MODEL_INSTRUCTION,
                    "Base prompt: " + t.basePrompt() + "\nGenre: " + t.genre() + "\nStyle: " + t.style() + "\nMood: " + t.mood()
                            + (job.concept() == null ? "" : "\nConcept: " + Json.write(job.concept())),
                    "normalized_prompt", SCHEMA);
            normalized = rules.clean(answer.get("normalizedPrompt").asText());
            answer.get("additionalTags").forEach(tag -> tags.add(tag.asText()));
        }
        List<String> cleanTags = tags(tags);
        String recordId = UUID.randomUUID().toString();
        JsonNode concept = job.concept() == null ? Json.MAPPER.createObjectNode().put("fallback", true) : job.concept();
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            // the template row lock orders versions of concurrent jobs on one template
            h.createQuery("SELECT id FROM beat_template WHERE id = :id FOR UPDATE").bind("id", t.id()).mapTo(String.class).one();
            int version = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM prompt_record WHERE template_id = :id")
                    .bind("id", t.id()).mapTo(Integer.class).one();
            h.createUpdate("""
                            INSERT INTO prompt_record (id, template_id, genre, style, mood, job_id, version, base_prompt,
                                                       normalized_prompt, concept, execution_result, created_at, updated_at)
                            VALUES (:id, :template, :genre, :style, :mood, :job, :version, :base, :normalized, :concept, 'pending',
                                    :now, :now)""")
                    .bind("id", recordId).bind("template", t.id()).bind("genre", t.genre()).bind("style", t.style())
                    .bind("mood", t.mood()).bind("job", jobId).bind("version", version)
                    .bind("base", t.basePrompt()).bind("normalized", normalized).bind("concept", Json.write(concept))
                    .bind("now", now).execute();
            var batch = h.prepareBatch("INSERT INTO prompt_record_tag (prompt_record_id, tag, created_at) VALUES (:id, :tag, :now)");
            cleanTags.forEach(tag -> batch.bind("id", recordId).bind("tag", tag).bind("now", now).add());
            if (!cleanTags.isEmpty()) {
                batch.execute();
            }
            FacetedTable.PROMPTS.added(h, recordId);
            jobs.update(h, jobId, Map.of("normalized_prompt", normalized, "prompt_record_id", recordId));
        });
        return Map.of("promptRecordId", recordId);
    }

    /** Lowercase, trimmed, at most 64 characters, no duplicates, artist names removed. */
    List<String> tags(List<String> raw) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : raw) {
            String clean = rules.clean(tag).toLowerCase(Locale.ROOT);
            if (!clean.isEmpty() && clean.length() <= 64) {
                tags.add(clean);
            }
        }
        return List.copyOf(tags);
    }

    private static Map<String, Object> context(String jobId, String templateId, String cause) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("jobId", jobId);
        context.put("templateId", templateId);
        context.put("cause", cause);
        return context;
    }
}
