package com.beatgen.pipeline;

import com.beatgen.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of {@code beat_job}: one execution's state between steps, written by each step through a named method. */
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

    public Optional<Job> find(String id) {
        return jdbi.withHandle(h -> find(h, id, false));
    }

    /** The job StartRun created for {@code executionId}, if it did. */
    public Optional<Job> findByExecution(Handle handle, String executionId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM beat_job WHERE execution_id = :execution")
                .bind("execution", executionId).map(JobRepository::map).findOne();
    }

    /** The job, its row locked until the handle's transaction ends. */
    public Job lock(Handle handle, String id) {
        return find(handle, id, true).orElseThrow(() -> new PipelineException("Pipeline.JobNotFound", "No job " + id));
    }

    private static Optional<Job> find(Handle handle, String id, boolean forUpdate) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM beat_job WHERE id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("id", id).map(JobRepository::map).findOne();
    }

    /** Serializes the scheduler's decisions (one lock row): concurrent executions cannot both start a job. */
    public void lockScheduler(Handle handle) {
        handle.createQuery("SELECT id FROM scheduler_lock WHERE id = 1 FOR UPDATE").mapTo(Integer.class).one();
    }

    /** A job in {@code processing}, if any (seed property 20: one at a time). */
    public Optional<String> findProcessing(Handle handle) {
        return handle.createQuery("SELECT id FROM beat_job WHERE status = 'processing' LIMIT 1").mapTo(String.class).findOne();
    }

    public boolean slotTaken(Handle handle, String slot) {
        return handle.createQuery("SELECT COUNT(*) FROM beat_job WHERE schedule_slot = :slot").bind("slot", slot)
                .mapTo(Integer.class).one() > 0;
    }

    /** Every job in {@code processing}. */
    public List<Job> processing(Handle handle) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM beat_job WHERE status = 'processing'").map(JobRepository::map).list();
    }

    /** StartRun's new job, {@code processing}, created at {@code now} (the time its template was marked used). */
    public void insert(Handle handle, String id, String templateId, String slot, String executionId, Instant now) {
        handle.createUpdate("""
                        INSERT INTO beat_job (id, template_id, status, schedule_slot, execution_id, created_at, updated_at)
                        VALUES (:id, :template, 'processing', :slot, :execution, :now, :now)""")
                .bind("id", id).bind("template", templateId).bind("slot", slot).bind("execution", executionId)
                .bind("now", now).execute();
    }

    /** GenerateConcept's answer. */
    public void setConcept(String id, JsonNode concept) {
        jdbi.useHandle(h -> set(h, id, "concept = :concept", Map.of("concept", Json.write(concept))));
    }

    /** NormalizePrompt's result, in the transaction that wrote the prompt record. */
    public void setPrompt(Handle handle, String id, String normalizedPrompt, String promptRecordId) {
        set(handle, id, "normalized_prompt = :normalized, prompt_record_id = :record",
                Map.of("normalized", normalizedPrompt, "record", promptRecordId));
    }

    /** The Suno task and the key it was paid with (property 12: stored before polling). */
    public void setSubmission(Handle handle, String id, String taskId, String keyId) {
        set(handle, id, "suno_task_id = :task, api_key_id = :key, submitted_at = :now", Map.of("task", taskId, "key", keyId));
    }

    /** Where StoreAudio put the takes. */
    public void setAudio(String id, String fileUrl, String altFileUrl, Double durationSeconds) {
        Map<String, Object> values = new java.util.HashMap<>();
        values.put("file", fileUrl);
        values.put("alt", altFileUrl);
        values.put("duration", durationSeconds);
        jdbi.useHandle(h -> set(h, id, "file_url = :file, alt_file_url = :alt, duration_seconds = :duration", values));
    }

    /** GenerateMetadata's name, tags and description. */
    public void setMetadata(String id, JsonNode metadata) {
        jdbi.useHandle(h -> set(h, id, "metadata = :metadata", Map.of("metadata", Json.write(metadata))));
    }

    /** PersistBeat: the job completed with its beat. */
    public void complete(Handle handle, String id, String beatId) {
        set(handle, id, "status = 'completed', beat_id = :beat, completed_at = :now", Map.of("beat", beatId));
    }

    /** RecordFailure or abandonment: the job failed with the error's name and cause. */
    public void fail(Handle handle, String id, String errorName, String cause) {
        set(handle, id, "status = 'failed', error_name = :error, error_cause = :cause, completed_at = :now",
                Map.of("error", errorName, "cause", cause));
    }

    private void set(Handle handle, String id, String assignments, Map<String, ?> values) {
        handle.createUpdate("UPDATE beat_job SET " + assignments + ", updated_at = :now WHERE id = :id")
                .bindMap(values).bind("id", id).bind("now", clock.instant()).execute();
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
                Json.tree(rs.getString("concept")), rs.getString("normalized_prompt"), rs.getString("prompt_record_id"),
                Json.tree(rs.getString("metadata")), rs.getString("file_url"), rs.getString("alt_file_url"),
                duration == null ? null : duration.doubleValue(), rs.getString("beat_id"), rs.getString("error_name"), created);
    }

}
