package com.beatgen.pipeline;

import com.beatgen.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads and small updates of {@code beat_job}. */
public final class JobRepository {

    private static final String COLUMNS = """
            id, template_id, status, schedule_slot, execution_id, suno_task_id, api_key_id, poll_count, concept,
            normalized_prompt, prompt_record_id, metadata, file_url, alt_file_url, duration_seconds, beat_id, error_name,
            created_at""";

    private final Jdbi jdbi;
    private final Clock clock;

    public JobRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Job get(String id) {
        return jdbi.withHandle(h -> find(h, id, false))
                .orElseThrow(() -> new PipelineException("Pipeline.JobNotFound", "No job " + id));
    }

    /** The job, its row locked until the handle's transaction ends. */
    public Job lock(Handle handle, String id) {
        return find(handle, id, true).orElseThrow(() -> new PipelineException("Pipeline.JobNotFound", "No job " + id));
    }

    private static Optional<Job> find(Handle handle, String id, boolean forUpdate) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM beat_job WHERE id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("id", id).map(JobRepository::map).findOne();
    }

    /** Sets the given columns (names are code constants, values bound) and {@code updated_at}. */
    public void update(String id, Map<String, Object> columns) {
        jdbi.useHandle(h -> update(h, id, columns));
    }

    public void update(Handle handle, String id, Map<String, Object> columns) {
        StringBuilder sql = new StringBuilder("UPDATE beat_job SET updated_at = :now");
        columns.keySet().forEach(column -> sql.append(", ").append(column).append(" = :").append(column));
        handle.createUpdate(sql.append(" WHERE id = :id").toString())
                .bindMap(columns).bind("id", id).bind("now", clock.instant()).execute();
    }

    public void updatePromptKey(String promptRecordId, String keyId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE prompt_record SET api_key_id = :key, updated_at = :now WHERE id = :id")
                .bind("id", promptRecordId).bind("key", keyId).bind("now", clock.instant()).execute());
    }

    public int incrementPolls(String id) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE beat_job SET poll_count = poll_count + 1, updated_at = :now WHERE id = :id")
                    .bind("id", id).bind("now", clock.instant()).execute();
            return h.createQuery("SELECT poll_count FROM beat_job WHERE id = :id").bind("id", id).mapTo(Integer.class).one();
        });
    }

    private static Job map(ResultSet rs, StatementContext ctx) throws SQLException {
        Instant created = ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx);
        java.math.BigDecimal duration = rs.getBigDecimal("duration_seconds");
        return new Job(rs.getString("id"), rs.getString("template_id"), rs.getString("status"), rs.getString("schedule_slot"),
                rs.getString("execution_id"), rs.getString("suno_task_id"), rs.getString("api_key_id"), rs.getInt("poll_count"),
                json(rs.getString("concept")), rs.getString("normalized_prompt"), rs.getString("prompt_record_id"),
                json(rs.getString("metadata")), rs.getString("file_url"), rs.getString("alt_file_url"),
                duration == null ? null : duration.doubleValue(), rs.getString("beat_id"), rs.getString("error_name"), created);
    }

    static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
