package com.beatgen.pipeline;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The pipeline's writes of {@code beat}, {@code beat_tag} and the facet counts, inside PersistBeat's transaction. */
public final class BeatRepository {

    /** A beat as PersistBeat stores it. */
    public record NewBeat(String id, String jobId, String templateId, String name, String genre, String style, String mood,
                          String useCase, String description, String fileUrl, String altFileUrl, Double durationSeconds,
                          String basePrompt, String normalizedPrompt, String conceptJson, String apiKeyId, Instant createdAt,
                          List<String> tags) {
    }

    public String name(Handle h, String beatId) {
        return h.createQuery("SELECT name FROM beat WHERE id = :id").bind("id", beatId).mapTo(String.class).one();
    }

    /** {@code name}, or {@code name-2}, {@code name-3} … whichever is free (seed property 17); the rows stay locked. */
    public String uniqueName(Handle h, String name) {
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

    /** The beat, its tags and the facet counts (kept with the write, so listings never count at read time). */
    public void insert(Handle h, NewBeat beat) {
        h.createUpdate("""
                        INSERT INTO beat (id, job_id, template_id, name, genre, style, mood, use_case, description, file_url,
                                          alt_file_url, duration_seconds, base_prompt, normalized_prompt, concept, api_key_id, created_at)
                        VALUES (:id, :jobId, :templateId, :name, :genre, :style, :mood, :useCase, :description, :fileUrl,
                                :altFileUrl, :durationSeconds, :basePrompt, :normalizedPrompt, :conceptJson, :apiKeyId, :createdAt)""")
                .bindMethods(beat).execute();
        if (!beat.tags().isEmpty()) {
            var batch = h.prepareBatch("INSERT INTO beat_tag (beat_id, tag, created_at, genre, style, mood)"
                    + " VALUES (:beat, :tag, :now, :genre, :style, :mood)");
            beat.tags().forEach(tag -> batch.bind("beat", beat.id()).bind("tag", tag).bind("now", beat.createdAt())
                    .bind("genre", beat.genre()).bind("style", beat.style()).bind("mood", beat.mood()).add());
            batch.execute();
        }
        BeatCounts.added(h, beat.id());
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
