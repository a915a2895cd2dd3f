package com.beatgen.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * All SQL of {@code suno_submission}: every attempt to buy a generation, recorded before Suno is called, so that an
 * answer lost on the way back (a timeout, a database cut before the task id was stored) is never paid for twice nor
 * forgotten.
 */
public final class SubmissionRepository {

    /** One attempt. {@code status}: pending, accepted, refused, unanswered, orphaned. */
    public record Submission(String id, String jobId, String keyId, String taskId, String status, Instant requestedAt) {
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public SubmissionRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The intent to submit for {@code jobId} with {@code keyId}, committed before the request leaves. */
    public String intend(String jobId, String keyId) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO suno_submission (id, job_id, key_id, status, requested_at, updated_at)
                        VALUES (:id, :job, :key, 'pending', :now, :now)""")
                .bind("id", id).bind("job", jobId).bind("key", keyId).bind("now", now).execute());
        return id;
    }

    /** Suno answered with a refusal: nothing was bought. */
    public void refuse(String id, String detail) {
        settle(id, "refused", detail);
    }

    /** No acceptance was heard within the wait: the job submits again; a late callback makes it an orphan. */
    public void unanswered(String id, String detail) {
        settle(id, "unanswered", detail);
    }

    /** Suno accepted {@code taskId}: in the transaction that stores it on the job and counts the credits. */
    public void accept(Handle h, String id, String taskId) {
        h.createUpdate("UPDATE suno_submission SET status = 'accepted', task_id = :task, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("task", taskId).bind("now", clock.instant()).execute();
    }

    /** A paid generation its job could not take: its clips are kept at {@code fileUrl}/{@code altFileUrl}. */
    public void orphan(Handle h, String id, String taskId, String fileUrl, String altFileUrl) {
        h.createUpdate("""
                        UPDATE suno_submission SET status = 'orphaned', task_id = :task, file_url = :file, alt_file_url = :alt,
                               updated_at = :now
                        WHERE id = :id""")
                .bind("id", id).bind("task", taskId).bind("file", fileUrl).bind("alt", altFileUrl).bind("now", clock.instant())
                .execute();
    }

    /** The job's attempts whose outcome is not known (pending) or was given up on (unanswered), oldest first. */
    public List<Submission> open(String jobId) {
        return jdbi.withHandle(h -> h.createQuery(COLUMNS + " WHERE job_id = :job AND status IN ('pending', 'unanswered')"
                        + " ORDER BY requested_at, id")
                .bind("job", jobId).map(SubmissionRepository::map).list());
    }

    /** The job's accepted attempt that bought {@code taskId}. */
    public Optional<Submission> accepted(String jobId, String taskId) {
        return jdbi.withHandle(h -> h.createQuery(COLUMNS + " WHERE job_id = :job AND task_id = :task AND status = 'accepted'")
                .bind("job", jobId).bind("task", taskId).map(SubmissionRepository::map).findOne());
    }

    private static final String COLUMNS = "SELECT id, job_id, key_id, task_id, status, requested_at FROM suno_submission";

    private static Submission map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Submission(rs.getString("id"), rs.getString("job_id"), rs.getString("key_id"), rs.getString("task_id"),
                rs.getString("status"), ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "requested_at", ctx));
    }

    /** Whether {@code taskId} is already a known generation (accepted or orphaned). */
    public boolean known(String taskId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM suno_submission WHERE task_id = :task")
                .bind("task", taskId).mapTo(Integer.class).one()) > 0;
    }

    private void settle(String id, String status, String detail) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE suno_submission SET status = :status, detail = :detail, updated_at = :now
                        WHERE id = :id AND status = 'pending'""")
                .bind("id", id).bind("status", status).bind("now", clock.instant())
                .bind("detail", detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000)).execute());
    }
}
