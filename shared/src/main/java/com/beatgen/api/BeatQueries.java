package com.beatgen.api;

import com.beatgen.pipeline.BeatReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /api/beats} and {@code GET /api/beats/{id}} (seed properties 32–34). */
public final class BeatQueries {

    /** The list's filters; every given one must match (genre, style and mood exactly, ignoring case). */
    public record Filter(Optional<String> genre, Optional<String> style, Optional<String> mood, List<String> tags) {
    }

    private final Jdbi jdbi;
    private final BeatReader reader;
    private final AudioLinks audio;

    public BeatQueries(Jdbi jdbi, AudioLinks audio) {
        this.jdbi = jdbi;
        this.reader = new BeatReader(jdbi);
        this.audio = audio;
    }

    /** Newest first; ties (same millisecond) by id, so pages never overlap. */
    public Map<String, Object> list(Filter filter, Page page) {
        Where where = new Where()
                .equal("b.genre", "genre", filter.genre())
                .equal("b.style", "style", filter.style())
                .equal("b.mood", "mood", filter.mood())
                .allTags("b.id", "beat_tag", "beat_id", filter.tags());
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM beat b" + where.sql())
                    .bindMap(where.binds()).mapTo(Long.class).one();
            List<Map<String, Object>> items = h.createQuery("""
                            SELECT b.id, b.name, b.genre, b.style, b.mood, b.use_case, b.duration_seconds, b.created_at
                            FROM beat b""" + where.sql() + " ORDER BY b.created_at DESC, b.id DESC LIMIT :limit OFFSET :offset")
                    .bindMap(where.binds())
                    .bind("limit", page.pageSize())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> {
                        Map<String, Object> beat = new LinkedHashMap<>();
                        beat.put("id", rs.getString("id"));
                        beat.put("name", rs.getString("name"));
                        beat.put("genre", rs.getString("genre"));
                        beat.put("style", rs.getString("style"));
                        beat.put("mood", rs.getString("mood"));
                        beat.put("useCase", rs.getString("use_case"));
                        beat.put("tags", List.of());
                        beat.put("durationSeconds", Rows.decimal(rs, "duration_seconds"));
                        beat.put("createdAt", Rows.iso(Rows.instant(rs, "created_at", ctx)));
                        return beat;
                    })
                    .list();
            Map<String, List<String>> tags = Rows.tags(h, "beat_tag", "beat_id",
                    items.stream().map(beat -> (String) beat.get("id")).toList());
            items.forEach(beat -> beat.put("tags", tags.getOrDefault((String) beat.get("id"), List.of())));
            return page.body(items, total);
        });
    }

    /** Everything about one beat, its audio as presigned GET URLs, its key masked and its job's timings. */
    public Optional<Map<String, Object>> detail(String id) {
        return reader.find(id).map(beat -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT j.created_at, j.submitted_at, j.completed_at, k.id AS key_id, k.key_last4
                        FROM beat b
                        JOIN beat_job j ON j.id = b.job_id
                        JOIN suno_api_key k ON k.id = b.api_key_id
                        WHERE b.id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    for (String field : List.of("id", "name", "genre", "style", "mood", "useCase", "tags", "description",
                            "basePrompt", "normalizedPrompt", "conceptData", "durationSeconds")) {
                        detail.put(field, beat.get(field));
                    }
                    Map<String, Object> links = new LinkedHashMap<>();
                    links.put("primary", audio.url((String) beat.get("fileUrl")));
                    String alternate = (String) beat.get("alternateFileUrl");
                    links.put("alternate", alternate == null ? null : audio.url(alternate));
                    links.put("expiresAt", Rows.iso(audio.expiresAt()));
                    detail.put("audio", links);
                    detail.put("createdAt", beat.get("createdAt"));
                    detail.put("templateId", beat.get("templateId"));
                    detail.put("jobId", beat.get("jobId"));
                    detail.put("key", Map.of("id", rs.getString("key_id"), "masked", "****" + rs.getString("key_last4")));
                    Instant created = Rows.instant(rs, "created_at", ctx);
                    detail.put("timings", Rows.timings(created, Rows.instant(rs, "submitted_at", ctx),
                            Rows.instant(rs, "completed_at", ctx)));
                    return detail;
                })
                .one()));
    }
}
