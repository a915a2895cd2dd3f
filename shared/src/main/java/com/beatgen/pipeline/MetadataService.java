package com.beatgen.pipeline;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.db.ExecutionLog;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.gemini.GeminiClient;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GenerateMetadata: Gemini writes the name, then the tags, then the description, each call seeing the previous
 * answers (seed property 16). When Gemini stays down the beat is not thrown away: the metadata is derived from the
 * template and a warning logged.
 */
public final class MetadataService {

    private static final ObjectNode NAME = (ObjectNode) Json.tree("""
            {"type":"OBJECT","properties":{"name":{"type":"STRING","description":"2 to 5 words, evocative, no artist names"}},"required":["name"]}""");
    private static final ObjectNode TAGS = (ObjectNode) Json.tree("""
            {"type":"OBJECT","properties":{"tags":{"type":"ARRAY","items":{"type":"STRING"},"description":"4 to 8 lowercase catalog tags"}},"required":["tags"]}""");
    private static final ObjectNode DESCRIPTION = (ObjectNode) Json.tree("""
            {"type":"OBJECT","properties":{"description":{"type":"STRING","description":"2 to 3 sentences for a beat store"}},"required":["description"]}""");
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("MMM d HHmm").withZone(ZoneOffset.UTC);

    private final GeminiClient gemini;
    private final JobRepository jobs;
    private final TemplateRepository templates;
    private final PromptRules rules;
    private final ExecutionLog executionLog;
    private final Clock clock;

    public MetadataService(GeminiClient gemini, JobRepository jobs, TemplateRepository templates, PromptRules rules,
                           ExecutionLog executionLog, Clock clock) {
        this.gemini = gemini;
        this.jobs = jobs;
        this.templates = templates;
        this.rules = rules;
        this.executionLog = executionLog;
        this.clock = clock;
    }

    /** The state machine's {@code $.metadata}. */
    public record Result(String name) {
    }

    public Result generate(String jobId, boolean fallback, String fallbackCause) {
        Job job = jobs.get(jobId);
        if (job.metadata() != null) {
            return new Result(job.metadata().path("name").asText());
        }
        BeatTemplate t = templates.find(job.templateId()).orElseThrow().template();
        String prompt = job.normalizedPrompt() == null ? t.basePrompt() : job.normalizedPrompt();
        String name;
        List<String> tags = new ArrayList<>();
        String description;
        if (fallback) {
            executionLog.warn("metadata", "Gemini unavailable after retries: metadata derived from the template",
                    Map.of("jobId", jobId, "cause", String.valueOf(fallbackCause)));
            name = t.categoryName() + " " + SHORT_DATE.format(clock.instant());
            tags.addAll(t.tags());
            description = t.genre() + " instrumental, " + t.mood().toLowerCase() + " mood, for " + t.useCase().toLowerCase() + ". " + prompt;
        } else {
            String system = "You name and describe instrumental beats for a beat store. " + PromptRules.MODEL_INSTRUCTION;
            String about = "Genre: " + t.genre() + "\nStyle: " + t.style() + "\nMood: " + t.mood() + "\nUse case: " + t.useCase()
                    + "\nPrompt: " + prompt;
            name = gemini.generateJson(system, "Name this beat.\n" + about, NAME).get("name").asText();
            gemini.generateJson(system, "Tag the beat \"" + name + "\".\n" + about, TAGS).get("tags")
                    .forEach(tag -> tags.add(tag.asText()));
            description = gemini.generateJson(system, "Describe the beat \"" + name + "\" tagged " + String.join(", ", tags) + ".\n"
                    + about, DESCRIPTION).get("description").asText();
        }
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        String cleanName = rules.title(name);
        metadata.put("name", cleanName.isBlank() ? t.categoryName() : cleanName);
        ArrayNode tagArray = metadata.putArray("tags");
        tags.forEach(tagArray::add);
        metadata.put("description", rules.clean(description));
        metadata.put("fallback", fallback);
        jobs.setMetadata(jobId, metadata);
        return new Result(metadata.get("name").asText());
    }
}
