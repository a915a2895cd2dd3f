package com.beatgen.catalog;

import com.beatgen.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads of {@code beat_template}. */
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

    private static StoredTemplate map(ResultSet rs, StatementContext ctx) throws SQLException {
        BeatTemplate template = new BeatTemplate(rs.getString("id"), rs.getString("category_name"), rs.getString("genre"),
                rs.getString("style"), rs.getString("mood"), rs.getString("use_case"), Json.readStrings(rs.getString("tags")),
                rs.getString("base_prompt"));
        var instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        return new StoredTemplate(template, rs.getBoolean("is_active"), instants.map(rs, "last_used", ctx),
                rs.getString("checksum"), instants.map(rs, "created_at", ctx), instants.map(rs, "updated_at", ctx));
    }
}
