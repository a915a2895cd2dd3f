package com.beatgen.api;

import com.beatgen.Json;
import com.beatgen.catalog.CatalogCoverage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /api/templates}: the catalog by id, active templates unless asked for the soft-deleted ones, and whether
 * the active catalog lasts at the schedule's interval ({@code catalog}, {@link CatalogCoverage}). The catalog is small
 * (at most some ten thousand rows), so the total is an exact count; pages go by id ({@code cursor} is the last id of
 * the previous page).
 */
public final class TemplateQueries {

    public record Filter(Optional<String> genre, Optional<String> style, Optional<String> mood, boolean active) {
    }

    private final Jdbi jdbi;
    private final Duration interval;

    public TemplateQueries(Jdbi jdbi, Duration interval) {
        this.jdbi = jdbi;
        this.interval = interval;
    }

    /** @param after the id the page starts after (the previous page's nextCursor), if any */
    public Map<String, Object> list(Filter filter, Page page, Optional<String> after) {
        Where where = new Where()
                .add("is_active = :active", "active", filter.active())
                .equal("genre", "genre", filter.genre())
                .equal("style", "style", filter.style())
                .equal("mood", "mood", filter.mood());
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM beat_template" + where.sql())
                    .bindMap(where.binds()).mapTo(Long.class).one();
            after.ifPresent(id -> where.add("id > :after", "after", id));
            List<Map<String, Object>> items = h.createQuery("""
                            SELECT id, category_name, genre, style, mood, use_case, tags, base_prompt, is_active, last_used,
                                   updated_at
                            FROM beat_template""" + where.sql() + " ORDER BY id LIMIT :limit OFFSET :offset")
                    .bindMap(where.binds())
                    .bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> {
                        Map<String, Object> template = new LinkedHashMap<>();
                        template.put("id", rs.getString("id"));
                        template.put("categoryName", rs.getString("category_name"));
                        template.put("genre", rs.getString("genre"));
                        template.put("style", rs.getString("style"));
                        template.put("mood", rs.getString("mood"));
                        template.put("useCase", rs.getString("use_case"));
                        template.put("tags", Json.readStrings(rs.getString("tags")));
                        template.put("basePrompt", rs.getString("base_prompt"));
                        template.put("active", rs.getBoolean("is_active"));
                        template.put("lastUsed", Rows.iso(Rows.instant(rs, "last_used", ctx)));
                        template.put("updatedAt", Rows.iso(Rows.instant(rs, "updated_at", ctx)));
                        return template;
                    })
                    .list();
            String next = null;
            if (items.size() > page.pageSize()) {
                items = items.subList(0, page.pageSize());
                next = (String) items.get(items.size() - 1).get("id");
            }
            Map<String, Object> body = new LinkedHashMap<>(page.body(items, total, true, next));
            body.put("catalog", CatalogCoverage.of(jdbi, interval).toMap());
            return body;
        });
    }
}
