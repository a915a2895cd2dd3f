package com.beatgen.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /api/jobs}: recent executions for operators, newest first, with status, error name and timings. */
public final class JobQueries {

    public static final List<String> STATUSES = List.of("pending", "processing", "completed", "failed");

    private final Jdbi jdbi;

    public JobQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Map<String, Object> list(Optional<String> status, Page page) {
        Where where = new Where().equal("status", "status", status);
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM beat_job" + where.sql())
                    .bindMap(where.binds()).mapTo(Long.class).one();
            List<Map<String, Object>> items = h.createQuery("""
                            SELECT id, template_id, status, error_name, execution_id, beat_id, poll_count, created_at,
                                   submitted_at, completed_at
                            FROM beat_job""" + where.sql() + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bindMap(where.binds())
                    .bind("limit", page.pageSize())
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
            return page.body(items, total);
        });
    }
}
