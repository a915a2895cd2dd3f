package com.beatgen.api;

import com.beatgen.Json;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** A stored beat with its tags, in the shape commands and the API print it. */
public final class BeatReader {

    private final Jdbi jdbi;

    public BeatReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Map<String, Object>> find(String beatId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, template_id, name, genre, style, mood, use_case, description, base_prompt,
                               normalized_prompt, concept, file_url, alt_file_url, duration_seconds, api_key_id, job_id, created_at
                        FROM beat WHERE id = :id""")
                .bind("id", beatId)
                .map((rs, ctx) -> {
                    Map<String, Object> beat = Rows.beat(rs, ctx);
                    beat.put("templateId", rs.getString("template_id"));
                    beat.put("description", rs.getString("description"));
                    beat.put("basePrompt", rs.getString("base_prompt"));
                    beat.put("normalizedPrompt", rs.getString("normalized_prompt"));
                    beat.put("conceptData", Json.MAPPER.convertValue(Json.tree(rs.getString("concept")), Map.class));
                    beat.put("fileUrl", rs.getString("file_url"));
                    beat.put("alternateFileUrl", rs.getString("alt_file_url"));
                    beat.put("apiKeyId", rs.getString("api_key_id"));
                    beat.put("jobId", rs.getString("job_id"));
                    return beat;
                })
                .findOne()
                .map(beat -> {
                    beat.put("tags", h.createQuery("SELECT tag FROM beat_tag WHERE beat_id = :id ORDER BY tag")
                            .bind("id", beatId).mapTo(String.class).list());
                    return beat;
                }));
    }
}
