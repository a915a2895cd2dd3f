package com.beatgen.pipeline;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.db.ExecutionLog;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.openai.OpenAiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * NormalizePrompt: OpenAI turns base prompt + concept into a normalized prompt with extra tags (seed PromptService);
 * the result is stored as the template's next prompt version (seed properties 9 and 22). With {@code useBasePrompt}
 * (OpenAI stayed down) the base prompt is stored instead and a warning logged.
 */
public final class PromptService {

    private static final ObjectNode SCHEMA = (ObjectNode) Json.tree("""
            {"type":"object","properties":{
              "normalizedPrompt":{"type":"string","description":"one paragraph for a music generator, under 600 characters"},
              "additionalTags":{"type":"array","items":{"type":"string"},"description":"3 to 6 short lowercase tags"}},
             "required":["normalizedPrompt","additionalTags"],"additionalProperties":false}""");

    private final OpenAiClient openAi;
    private final JobRepository jobs;
    private final TemplateRepository templates;
    private final PromptRules rules;
    private final PromptRepository prompts;
    private final ExecutionLog executionLog;
    private final Jdbi jdbi;

    /** The state machine's {@code $.prompt}. */
    public record Result(String promptRecordId) {
    }

    public PromptService(OpenAiClient openAi, JobRepository jobs, TemplateRepository templates, PromptRepository prompts,
                         PromptRules rules, ExecutionLog executionLog, Jdbi jdbi) {
        this.openAi = openAi;
        this.jobs = jobs;
        this.templates = templates;
        this.prompts = prompts;
        this.rules = rules;
        this.executionLog = executionLog;
        this.jdbi = jdbi;
    }

    /**
     * @param conceptFallback Gemini stayed down: there is no concept (logged as a warning)
     * @param useBasePrompt OpenAI stayed down: store the base prompt (logged as a warning)
     */
    public Result normalize(String jobId, boolean conceptFallback, boolean useBasePrompt, String fallbackCause) {
        Job job = jobs.get(jobId);
        if (job.promptRecordId() != null) {
            return new Result(job.promptRecordId());
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
        String concept = job.concept() == null ? "{\"fallback\":true}" : Json.write(job.concept());
        String recordId = jdbi.inTransaction(h -> {
            templates.lock(h, t.id());
            String id = prompts.insertNextVersion(h, t, jobId, normalized, concept, cleanTags);
            jobs.setPrompt(h, jobId, normalized, id);
            return id;
        });
        return new Result(recordId);
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
