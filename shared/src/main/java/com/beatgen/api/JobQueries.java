package com.beatgen.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /api/jobs}: recent executions for operators, newest first, with status, error name and timings. A status
 * walks {@code (status, created_at, id)}, no status {@code (created_at, id)}; the time range and the cursor are ranges
 * of that index. The total is counted along the same index up to {@code totalBound}, beyond which it is "at least".
 */
public final class JobQueries {

    public static final List<String> STATUSES = List.of("pending", "processing", "completed", "failed");

    /** @param from inclusive, @param to exclusive: the jobs' creation time */
    public record Filter(Optional<String> status, Optional<Instant> from, Optional<Instant> to) {
    }

    private final Jdbi jdbi;
    private final int totalBound;

    public JobQueries(Jdbi jdbi, int totalBound) {
        this.jdbi = jdbi;
        this.totalBound = totalBound;
    }

    public Map<String, Object> list(Filter filter, Page page) {
        Where where = where(filter);
        String from = from(filter);
        return jdbi.withHandle(h -> {
            long counted = h.createQuery("SELECT COUNT(*) FROM (SELECT j.id" + from + where.sql() + " LIMIT :bound) x")
                    .bindMap(where.binds()).bind("bound", totalBound + 1).mapTo(Long.class).one();
            after(where, page.after());
            List<Map<String, Object>> rows = h.createQuery("""
                            SELECT j.id, j.template_id, j.status, j.error_name, j.execution_id, j.beat_id, j.poll_count,
                                   j.created_at, j.submitted_at, j.completed_at""" + from + where.sql()
                            + " ORDER BY j.created_at DESC, j.id DESC LIMIT :limit OFFSET :offset")
                    .bindMap(where.binds())
                    .bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> {
                        Map<String, Object> job = new LinkedHashMap<>();
                        job.put("id", rs.getString("id"));
                        job.put("templateId", rs.getString("template_id"));
                        job.put("status", rs.getString("status"));
                        job.put("errorName", rs.getString("error_name"));
                        job.put("executionId", rs.getString("execution_id"));
                        job.put("beatId", rs.getString("beat_id"));
                        job.put("pollCount", rs.getInt("poll_count"));
                        job.put("timings", Rows.timings(Rows.instant(rs, "created_at", ctx),
                                Rows.instant(rs, "submitted_at", ctx), Rows.instant(rs, "completed_at", ctx)));
                        return job;
                    })
                    .list();
            String next = null;
            if (rows.size() > page.pageSize()) {
                rows = rows.subList(0, page.pageSize());
                Map<String, Object> last = rows.get(rows.size() - 1);
                @SuppressWarnings("unchecked")
                String created = (String) ((Map<String, Object>) last.get("timings")).get("createdAt");
                next = new Cursor(Instant.parse(created), (String) last.get("id")).encode();
            }
            return page.body(rows, Math.min(counted, totalBound), counted <= totalBound, next);
        });
    }

    /** The database's plan for the page query of {@link #list}. */
    public List<Map<String, Object>> explain(Filter filter, Page page) {
        Where where = where(filter);
        after(where, page.after());
        return jdbi.withHandle(h -> h.createQuery("EXPLAIN SELECT j.id" + from(filter) + where.sql()
                        + " ORDER BY j.created_at DESC, j.id DESC LIMIT :limit OFFSET :offset")
                .bindMap(where.binds()).bind("limit", page.pageSize() + 1).bind("offset", page.offset()).mapToMap().list());
    }

    private static String from(Filter filter) {
        return " FROM beat_job j FORCE INDEX (" + (filter.status().isPresent() ? "ix_beat_job_status_created" : "ix_beat_job_created") + ")";
    }

    private static Where where(Filter filter) {
        Where where = new Where().equal("j.status", "status", filter.status());
        filter.from().ifPresent(t -> where.add("j.created_at >= :from", "from", t));
        filter.to().ifPresent(t -> where.add("j.created_at < :to", "to", t));
        return where;
    }

    private static void after(Where where, Cursor cursor) {
        if (cursor != null) {
            where.add("(j.created_at < :afterAt OR (j.created_at = :afterAt AND j.id < :afterId))", "afterAt", cursor.createdAt())
                    .bind("afterId", cursor.id());
        }
    }
}
