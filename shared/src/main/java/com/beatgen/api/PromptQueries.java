package com.beatgen.api;

import com.beatgen.db.FacetedTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /api/prompts} (seed property 23): prompt records newest first, by template, genre, style, mood (those of
 * the template when the record was written) and tags; paged like beats ({@link FacetListing}).
 */
public final class PromptQueries {

    public record Filter(Optional<String> templateId, Optional<String> genre, Optional<String> style, Optional<String> mood,
                         List<String> tags) {

        List<FacetListing.Criterion> criteria() {
            List<FacetListing.Criterion> criteria = new ArrayList<>();
            templateId.ifPresent(v -> criteria.add(new FacetListing.Criterion("template", v)));
            genre.ifPresent(v -> criteria.add(new FacetListing.Criterion("genre", v)));
            style.ifPresent(v -> criteria.add(new FacetListing.Criterion("style", v)));
            mood.ifPresent(v -> criteria.add(new FacetListing.Criterion("mood", v)));
            tags.forEach(v -> criteria.add(new FacetListing.Criterion("tag", v)));
            return List.copyOf(criteria);
        }
    }

    private final Jdbi jdbi;
    private final FacetListing listing;

    /** @param sample how many rows of the driving criterion a total of two or more criteria is counted on ({@link FacetListing}) */
    public PromptQueries(Jdbi jdbi, int sample) {
        this.jdbi = jdbi;
        this.listing = new FacetListing(FacetedTable.PROMPTS, sample);
    }

    public Map<String, Object> list(Filter filter, Page page) {
        return jdbi.withHandle(h -> {
            FacetListing.Result result = listing.page(h, filter.criteria(), page);
            return page.body(prompts(h, result.ids()), result.total(), result.totalExact(),
                    result.next() == null ? null : result.next().encode());
        });
    }

    /** The database's plan for the page query of {@link #list}. */
    public List<Map<String, Object>> explain(Filter filter, Page page) {
        return jdbi.withHandle(h -> {
            FacetListing.Sql sql = listing.pageSql(h, filter.criteria(), page);
            return h.createQuery("EXPLAIN " + sql.text()).bindMap(sql.binds()).mapToMap().list();
        });
    }

    /** The list items of the records {@code ids}, in that order. */
    private static List<Map<String, Object>> prompts(Handle h, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Object>> byId = new HashMap<>();
        h.createQuery("""
                        SELECT p.id, p.template_id, p.version, p.genre, p.style, p.mood, p.base_prompt, p.normalized_prompt,
                               p.execution_result, p.job_id, p.created_at
                        FROM prompt_record p WHERE p.id IN (<ids>)""")
                .bindList("ids", ids)
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
                .forEach(prompt -> byId.put((String) prompt.get("id"), prompt));
        return Rows.inOrder(ids, byId, Rows.tags(h, "prompt_record_tag", "prompt_record_id", ids));
    }
}
