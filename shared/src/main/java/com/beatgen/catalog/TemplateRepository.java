package com.beatgen.catalog;

import com.beatgen.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The pipeline's reads and writes of {@code beat_template}: lookups, the scheduler's choice of the next template and
 * its {@code last_used}. The catalog sync writes the catalog columns ({@link CatalogSyncService}).
 */
public final class TemplateRepository {

    private final Jdbi jdbi;

    public TemplateRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every template, active or not, ordered by id. */
    public List<StoredTemplate> findAll() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, category_name, genre, style, mood, use_case, tags, base_prompt,
                               is_active, last_used, checksum, created_at, updated_at
                        FROM beat_template ORDER BY id""")
                .map(TemplateRepository::map)
                .list());
    }

    public Optional<StoredTemplate> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, category_name, genre, style, mood, use_case, tags, base_prompt,
                               is_active, last_used, checksum, created_at, updated_at
                        FROM beat_template WHERE id = :id""")
                .bind("id", id)
                .map(TemplateRepository::map)
                .findOne());
    }

    /**
     * The least recently used active template not used since {@code cutoff}, its row locked until the transaction
     * ends (seed property 19: never the same template within 24 hours).
     */
    public Optional<String> lockLeastRecentlyUsed(Handle handle, Instant cutoff) {
        return handle.createQuery("""
                        SELECT id FROM beat_template
                        WHERE is_active = TRUE AND (last_used IS NULL OR last_used <= :cutoff)
                        ORDER BY last_used, id
                        LIMIT 1
                        FOR UPDATE""")
                .bind("cutoff", cutoff).mapTo(String.class).findOne();
    }

    public void markUsed(Handle handle, String id, Instant now) {
        handle.createUpdate("UPDATE beat_template SET last_used = :now WHERE id = :id").bind("id", id).bind("now", now).execute();
    }

    /** Locks the template's row: orders the prompt versions of concurrent jobs on one template. */
    public void lock(Handle handle, String id) {
        handle.createQuery("SELECT id FROM beat_template WHERE id = :id FOR UPDATE").bind("id", id).mapTo(String.class).one();
    }

    private static StoredTemplate map(ResultSet rs, StatementContext ctx) throws SQLException {
        BeatTemplate template = new BeatTemplate(rs.getString("id"), rs.getString("category_name"), rs.getString("genre"),
                rs.getString("style"), rs.getString("mood"), rs.getString("use_case"), Json.readStrings(rs.getString("tags")),
                rs.getString("base_prompt"));
        var instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        return new StoredTemplate(template, rs.getBoolean("is_active"), instants.map(rs, "last_used", ctx),
                rs.getString("checksum"), instants.map(rs, "created_at", ctx), instants.map(rs, "updated_at", ctx));
    }
}
