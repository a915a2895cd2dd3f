package com.beatgen.pipeline;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.gemini.GeminiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** GenerateConcept: Gemini suggests a creative direction for the job's template (seed ConceptService). */
public final class ConceptService {

    private static final ObjectNode SCHEMA = (ObjectNode) Json.tree("""
            {"type":"OBJECT","properties":{
              "suggestion":{"type":"STRING","description":"a creative direction for this beat, 1-2 sentences"},
              "trendAnalysis":{"type":"STRING","description":"what is current in this genre and style, 1-2 sentences"},
              "moodEnhancement":{"type":"STRING","description":"how to deepen the mood, 1 sentence"}},
             "required":["suggestion","trendAnalysis","moodEnhancement"]}""");

    private final GeminiClient gemini;
    private final JobRepository jobs;
    private final TemplateRepository templates;

    public ConceptService(GeminiClient gemini, JobRepository jobs, TemplateRepository templates) {
        this.gemini = gemini;
        this.jobs = jobs;
        this.templates = templates;
    }

    /** The state machine's {@code $.concept}: GenerateConcept answered (its Catch sets {@code fallback} true). */
    public record Result(boolean fallback, String cause) {
        static final Result GENERATED = new Result(false, "");
    }

    public Result generate(String jobId) {
        Job job = jobs.get(jobId);
        if (job.concept() != null) {
            return Result.GENERATED; // a retried invocation: the concept is already stored
        }
        BeatTemplate t = templates.find(job.templateId()).orElseThrow().template();
        JsonNode concept = gemini.generateJson(
                "You are a music producer who designs instrumental beats. " + PromptRules.MODEL_INSTRUCTION,
                "Suggest a concept for an instrumental beat.\nGenre: " + t.genre() + "\nStyle: " + t.style() + "\nMood: " + t.mood()
                        + "\nUse case: " + t.useCase() + "\nTags: " + String.join(", ", t.tags()) + "\nBase prompt: " + t.basePrompt(),
                SCHEMA);
        jobs.setConcept(jobId, concept);
        return Result.GENERATED;
    }
}
