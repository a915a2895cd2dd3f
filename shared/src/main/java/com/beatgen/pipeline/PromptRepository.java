package com.beatgen.pipeline;

import com.beatgen.catalog.BeatTemplate;
import com.beatgen.db.FacetedTable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The pipeline's writes of {@code prompt_record} and {@code prompt_record_tag}: one versioned prompt per job. */
public final class PromptRepository {

    private final Jdbi jdbi;
    private final Clock clock;

    public PromptRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * The template's next prompt version (seed properties 9 and 22), {@code pending}, with its tags and the template's
     * genre, style and mood, counted in {@code prompt_facet_count}; the caller holds the template's row lock, which
     * orders versions of concurrent jobs on one template.
     *
     * @return the record's id
     */
    public String insertNextVersion(Handle h, BeatTemplate template, String jobId, String normalizedPrompt, String conceptJson,
                                    List<String> tags) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        int version = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM prompt_record WHERE template_id = :id")
                .bind("id", template.id()).mapTo(Integer.class).one();
        h.createUpdate("""
                        INSERT INTO prompt_record (id, template_id, genre, style, mood, job_id, version, base_prompt,
                                                   normalized_prompt, concept, execution_result, created_at, updated_at)
                        VALUES (:id, :template, :genre, :style, :mood, :job, :version, :base, :normalized, :concept, 'pending',
                                :now, :now)""")
                .bind("id", id).bind("template", template.id()).bind("genre", template.genre()).bind("style", template.style())
                .bind("mood", template.mood()).bind("job", jobId).bind("version", version)
                .bind("base", template.basePrompt()).bind("normalized", normalizedPrompt).bind("concept", conceptJson)
                .bind("now", now).execute();
        if (!tags.isEmpty()) {
            var batch = h.prepareBatch("INSERT INTO prompt_record_tag (prompt_record_id, tag, created_at, template_id)"
                    + " VALUES (:id, :tag, :now, :template)");
            tags.forEach(tag -> batch.bind("id", id).bind("tag", tag).bind("now", now).bind("template", template.id()).add());
            batch.execute();
        }
        FacetedTable.PROMPTS.added(h, id);
        return id;
    }

    /** The key SubmitMusic paid with. */
    public void setKey(Handle h, String id, String keyId) {
        h.createUpdate("UPDATE prompt_record SET api_key_id = :key, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("key", keyId).bind("now", clock.instant()).execute();
    }

    /** PersistBeat: the prompt made a beat. */
    public void succeed(Handle h, String id, String keyId) {
        h.createUpdate("UPDATE prompt_record SET execution_result = 'success', api_key_id = :key, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("key", keyId).bind("now", clock.instant()).execute();
    }

    /** RecordFailure: the run ended with {@code message}. */
    public void fail(Handle h, String id, String message) {
        h.createUpdate("""
                        UPDATE prompt_record SET execution_result = 'failure', error_message = :message, updated_at = :now
                        WHERE id = :id""")
                .bind("id", id).bind("message", message).bind("now", clock.instant()).execute();
    }
}
