package com.beatgen.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /api/prompts}: prompt records newest first, by template, the template's genre/style/mood, and tags. */
public final class PromptQueries {

    public record Filter(Optional<String> templateId, Optional<String> genre, Optional<String> style, Optional<String> mood,
                         List<String> tags) {
    }

    private final Jdbi jdbi;

    public PromptQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Map<String, Object> list(Filter filter, Page page) {
        Where where = new Where()
                .equal("p.template_id", "templateId", filter.templateId())
                .equal("t.genre", "genre", filter.genre())
                .equal("t.style", "style", filter.style())
                .equal("t.mood", "mood", filter.mood())
                .allTags("p.id", "prompt_record_tag", "prompt_record_id", filter.tags());
        String from = " FROM prompt_record p JOIN beat_template t ON t.id = p.template_id";
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*)" + from + where.sql()).bindMap(where.binds()).mapTo(Long.class).one();
            List<Map<String, Object>> items = h.createQuery("""
                            SELECT p.id, p.template_id, p.version, t.genre, t.style, t.mood, p.base_prompt, p.normalized_prompt,
                                   p.execution_result, p.job_id, p.created_at""" + from + where.sql()
                            + " ORDER BY p.created_at DESC, p.id DESC LIMIT :limit OFFSET :offset")
                    .bindMap(where.binds())
                    .bind("limit", page.pageSize())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> {
                        Map<String, Object> prompt = new LinkedHashMap<>();
                        prompt.put("id", rs.getString("id"));
                        prompt.put("templateId", rs.getString("template_id"));
                        prompt.put("version", rs.getInt("version"));
                        prompt.put("genre", rs.getString("genre"));
                        prompt.put("style", rs.getString("style"));
                        prompt.put("mood", rs.getString("mood"));
                        prompt.put("tags", List.of());
                        prompt.put("basePrompt", rs.getString("base_prompt"));
                        prompt.put("normalizedPrompt", rs.getString("normalized_prompt"));
                        prompt.put("executionResult", rs.getString("execution_result"));
                        prompt.put("jobId", rs.getString("job_id"));
                        prompt.put("createdAt", Rows.iso(Rows.instant(rs, "created_at", ctx)));
                        return prompt;
                    })
                    .list();
            Map<String, List<String>> tags = Rows.tags(h, "prompt_record_tag", "prompt_record_id",
                    items.stream().map(p -> (String) p.get("id")).toList());
            items.forEach(p -> p.put("tags", tags.getOrDefault((String) p.get("id"), List.of())));
            return page.body(items, total);
        });
    }
}
