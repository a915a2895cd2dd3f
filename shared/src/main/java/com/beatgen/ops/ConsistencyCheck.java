package com.beatgen.ops;

import com.beatgen.db.FacetedTable;
import com.beatgen.pipeline.BeatCounts;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Read-only checks of the invariants the pipeline promises once its executions have ended: every job finished with
 * either exactly one beat or a named error, nothing half-written (beats, tags, prompt records), the template and key
 * bookkeeping as StartRun and SubmitMusic write it, and the list counters. Each check is one query whose rows are the
 * offenders; a consistent database answers no rows to any of them. For tests (the fault-injection suite) and for
 * operators ({@code ./beatgen check}); nothing here writes.
 *
 * <p>Jobs younger than {@code settledAfter} may legitimately still be running and are only held to the invariants
 * that hold at every commit; on a live system pass more than the longest execution (StartRun fails jobs still
 * processing after {@link com.beatgen.pipeline.StartRunService#ABANDONED_AFTER}).
 */
public final class ConsistencyCheck {

    /** One check: its name, what it requires, and the offending rows. */
    public record Result(String name, String requirement, List<String> violations) {
        public boolean passed() {
            return violations.isEmpty();
        }
    }

    /** Every check's result, in order. */
    public record Report(List<Result> results) {
        public boolean consistent() {
            return results.stream().allMatch(Result::passed);
        }

        public List<Result> failed() {
            return results.stream().filter(r -> !r.passed()).toList();
        }

        public int violationCount() {
            return results.stream().mapToInt(r -> r.violations().size()).sum();
        }

        /** One line per violation, {@code check: row}; empty when consistent. */
        public String describe() {
            return failed().stream()
                    .flatMap(r -> r.violations().stream().map(v -> r.name() + ": " + v))
                    .collect(Collectors.joining("\n"));
        }
    }

    private record Query(String name, String requirement, String sql) {
        Query {
            sql = sql.replace("{loggedKey}", LOGGED_KEY);
        }
    }

    /** The key id of a {@code key-pool} execution_log entry {@code e}, comparable with {@code suno_api_key.id}. */
    private static final String LOGGED_KEY = "CAST(JSON_UNQUOTE(JSON_EXTRACT(e.context, '$.keyId')) AS CHAR(36)) COLLATE utf8mb4_unicode_ci";

    private static final List<Query> QUERIES = List.of(
            new Query("job-finished",
                    "no job is pending or processing once its execution has ended (older than the settle time)",
                    """
                    SELECT j.id, j.status, j.created_at FROM beat_job j
                    WHERE j.status IN ('pending', 'processing') AND j.created_at < :settled
                    ORDER BY j.created_at, j.id"""),
            new Query("job-completed-has-its-beat",
                    "a completed job has a completion time, no error, and exactly one beat, the one it points at",
                    """
                    SELECT j.id, j.beat_id, j.completed_at, j.error_name,
                           (SELECT COUNT(*) FROM beat b WHERE b.job_id = j.id) AS beats
                    FROM beat_job j
                    WHERE j.status = 'completed'
                      AND (j.beat_id IS NULL OR j.completed_at IS NULL OR j.error_name IS NOT NULL
                           OR (SELECT COUNT(*) FROM beat b WHERE b.job_id = j.id) <> 1
                           OR NOT EXISTS (SELECT 1 FROM beat b WHERE b.id = j.beat_id AND b.job_id = j.id))
                    ORDER BY j.id"""),
            new Query("job-failed-recorded",
                    "a failed job has an error name, a completion time and no beat",
                    """
                    SELECT j.id, j.error_name, j.completed_at, j.beat_id FROM beat_job j
                    WHERE j.status = 'failed'
                      AND (j.error_name IS NULL OR j.error_name = '' OR j.completed_at IS NULL OR j.beat_id IS NOT NULL
                           OR EXISTS (SELECT 1 FROM beat b WHERE b.job_id = j.id))
                    ORDER BY j.id"""),
            new Query("job-unfinished-has-no-beat",
                    "a job still pending or processing has no beat (PersistBeat completes the job in the beat's transaction)",
                    """
                    SELECT j.id, j.status, j.beat_id FROM beat_job j
                    WHERE j.status IN ('pending', 'processing')
                      AND (j.beat_id IS NOT NULL OR EXISTS (SELECT 1 FROM beat b WHERE b.job_id = j.id))
                    ORDER BY j.id"""),
            new Query("beat-has-completed-job",
                    "every beat belongs to a completed job that points back at it, with the job's template, key and audio",
                    """
                    SELECT b.id, b.job_id, j.status AS job_status, j.beat_id AS job_beat_id FROM beat b
                    LEFT JOIN beat_job j ON j.id = b.job_id
                    WHERE j.id IS NULL OR j.status <> 'completed' OR NOT (j.beat_id <=> b.id)
                       OR b.template_id <> j.template_id OR NOT (b.api_key_id <=> j.api_key_id)
                       OR NOT (b.file_url <=> j.file_url)
                    ORDER BY b.id"""),
            new Query("beat-tag-orphan",
                    "every beat_tag row belongs to an existing beat",
                    """
                    SELECT t.beat_id, t.tag FROM beat_tag t
                    WHERE NOT EXISTS (SELECT 1 FROM beat b WHERE b.id = t.beat_id)
                    ORDER BY t.beat_id, t.tag"""),
            new Query("beat-tag-copies",
                    "beat_tag.created_at, genre, style and mood equal its beat's (newest-first tag pages, the facet+tag indexes)",
                    """
                    SELECT t.beat_id, t.tag, t.created_at, b.created_at AS beat_created_at FROM beat_tag t
                    JOIN beat b ON b.id = t.beat_id
                    WHERE t.created_at <> b.created_at OR t.genre <> b.genre OR t.style <> b.style OR t.mood <> b.mood
                    ORDER BY t.beat_id, t.tag"""),
            new Query("prompt-record-orphan",
                    "every prompt record belongs to a job of its template that points back at it",
                    """
                    SELECT p.id, p.job_id, p.template_id, j.prompt_record_id AS job_prompt_record_id FROM prompt_record p
                    LEFT JOIN beat_job j ON j.id = p.job_id
                    WHERE j.id IS NULL OR NOT (j.prompt_record_id <=> p.id) OR j.template_id <> p.template_id
                    ORDER BY p.id"""),
            new Query("job-prompt-record",
                    "a job's prompt record exists and belongs to the job",
                    """
                    SELECT j.id, j.prompt_record_id, p.job_id AS prompt_job_id FROM beat_job j
                    LEFT JOIN prompt_record p ON p.id = j.prompt_record_id
                    WHERE j.prompt_record_id IS NOT NULL AND (p.id IS NULL OR NOT (p.job_id <=> j.id))
                    ORDER BY j.id"""),
            new Query("prompt-record-tag-orphan",
                    "every prompt_record_tag row belongs to an existing prompt record",
                    """
                    SELECT t.prompt_record_id, t.tag FROM prompt_record_tag t
                    WHERE NOT EXISTS (SELECT 1 FROM prompt_record p WHERE p.id = t.prompt_record_id)
                    ORDER BY t.prompt_record_id, t.tag"""),
            new Query("prompt-record-tag-copies",
                    "prompt_record_tag.created_at and template_id equal their record's (the template+tag index pages)",
                    """
                    SELECT t.prompt_record_id, t.tag, t.template_id, p.template_id AS record_template_id FROM prompt_record_tag t
                    JOIN prompt_record p ON p.id = t.prompt_record_id
                    WHERE t.template_id <> p.template_id OR t.created_at <> p.created_at
                    ORDER BY t.prompt_record_id, t.tag"""),
            new Query("prompt-record-result",
                    "a prompt record's result follows its job: success when completed, failure when failed, else pending",
                    """
                    SELECT p.id, p.execution_result, j.id AS job_id, j.status AS job_status FROM prompt_record p
                    JOIN beat_job j ON j.id = p.job_id
                    WHERE p.execution_result <> CASE j.status WHEN 'completed' THEN 'success'
                                                              WHEN 'failed' THEN 'failure' ELSE 'pending' END
                    ORDER BY p.id"""),
            new Query("prompt-record-key",
                    "a prompt record names the Suno key its job was submitted with (none before submission)",
                    """
                    SELECT p.id, p.api_key_id, j.id AS job_id, j.api_key_id AS job_api_key_id FROM prompt_record p
                    JOIN beat_job j ON j.id = p.job_id
                    WHERE NOT (p.api_key_id <=> j.api_key_id)
                    ORDER BY p.id"""),
            new Query("template-last-used",
                    "a template's last_used is the start of its latest job (StartRun sets both in one transaction; "
                            + "nothing else writes last_used), null when it never ran",
                    """
                    SELECT t.id, t.last_used, s.latest_start FROM beat_template t
                    LEFT JOIN (SELECT template_id, MAX(created_at) AS latest_start FROM beat_job GROUP BY template_id) s
                           ON s.template_id = t.id
                    WHERE NOT (t.last_used <=> s.latest_start)
                    ORDER BY t.id"""),
            new Query("job-submission",
                    "a job's Suno task, key and submission time are stored together (SubmitMusic, before polling)",
                    """
                    SELECT j.id, j.suno_task_id, j.api_key_id, j.submitted_at FROM beat_job j
                    WHERE (j.suno_task_id IS NULL) <> (j.api_key_id IS NULL)
                       OR (j.suno_task_id IS NULL) <> (j.submitted_at IS NULL)
                    ORDER BY j.id"""),
            new Query("key-usage",
                    "credits are deducted once per paid generation: each key has one logged usage per submission Suno "
                            + "accepted with it (taken by its job or kept as an orphan)",
                    """
                    SELECT k.id, COALESCE(u.usages, 0) AS usages, COALESCE(s.paid, 0) AS paid
                    FROM suno_api_key k
                    LEFT JOIN (SELECT key_id, COUNT(*) AS usages
                               FROM (SELECT {loggedKey} AS key_id FROM execution_log e
                                     WHERE e.service = 'key-pool' AND e.message = 'Suno key used') used
                               GROUP BY key_id) u ON u.key_id = k.id
                    LEFT JOIN (SELECT key_id, COUNT(*) AS paid FROM suno_submission
                               WHERE status IN ('accepted', 'orphaned') GROUP BY key_id) s ON s.key_id = k.id
                    WHERE COALESCE(u.usages, 0) <> COALESCE(s.paid, 0)
                    ORDER BY k.id"""),
            new Query("job-paid-once",
                    "a job has at most one accepted Suno submission, and its task and key are the job's (a failed job's "
                            + "own generation may have been kept as its orphan instead)",
                    """
                    SELECT j.id, j.suno_task_id, COUNT(s.id) AS accepted FROM beat_job j
                    LEFT JOIN suno_submission s ON s.job_id = j.id
                         AND (s.status = 'accepted' OR (s.status = 'orphaned' AND j.status = 'failed' AND s.task_id = j.suno_task_id))
                    GROUP BY j.id, j.suno_task_id, j.api_key_id
                    HAVING COUNT(s.id) > 1 OR (COUNT(s.id) = 1) <> (j.suno_task_id IS NOT NULL)
                        OR SUM(CASE WHEN s.task_id = j.suno_task_id AND s.key_id = j.api_key_id THEN 1 ELSE 0 END) <> COUNT(s.id)
                    ORDER BY j.id"""),
            new Query("orphan-kept",
                    "an orphaned generation has its task and its first take stored",
                    """
                    SELECT s.id, s.job_id, s.task_id, s.file_url FROM suno_submission s
                    WHERE s.status = 'orphaned' AND (s.task_id IS NULL OR s.file_url IS NULL)
                    ORDER BY s.id"""),
            new Query("key-credits",
                    "a key's credits are those logged with its latest credit change (refresh, usage or exhaustion)",
                    """
                    SELECT k.id, k.quota_remaining, latest.logged FROM suno_api_key k
                    JOIN (SELECT c.key_id, CAST(JSON_UNQUOTE(JSON_EXTRACT(l.context, '$.quotaRemaining')) AS SIGNED) AS logged
                          FROM (SELECT key_id, MAX(id) AS last_id
                                FROM (SELECT e.id, {loggedKey} AS key_id FROM execution_log e
                                      WHERE e.service = 'key-pool'
                                        AND e.message IN ('Suno key used', 'Suno credits refreshed', 'Suno key exhausted')) changes
                                GROUP BY key_id) c
                          JOIN execution_log l ON l.id = c.last_id) latest ON latest.key_id = k.id
                    WHERE latest.logged <> k.quota_remaining
                    ORDER BY k.id"""),
            new Query("key-status-credits",
                    "an exhausted key has less than one generation's credits; an active key whose credits were read "
                            + "has at least that",
                    """
                    SELECT k.id, k.status, k.quota_remaining, k.credits_checked_at FROM suno_api_key k
                    WHERE (k.status = 'exhausted' AND k.quota_remaining >= :cost)
                       OR (k.status = 'active' AND k.credits_checked_at IS NOT NULL AND k.quota_remaining < :cost)
                    ORDER BY k.id"""));

    /** The facet counters, checked by {@link BeatCounts#mismatches} and {@link FacetedTable#mismatches}. */
    public static final String FACET_COUNTS = "facet-counts";

    private final Jdbi jdbi;
    private final Clock clock;
    private final int generationCost;

    /**
     * @param generationCost credits one Suno generation costs ({@code SUNO_GENERATION_COST})
     */
    public ConsistencyCheck(Jdbi jdbi, Clock clock, int generationCost) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.generationCost = generationCost;
    }

    /** Every check's name, in the order they run. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(QUERIES.stream().map(Query::name).toList());
        names.add(FACET_COUNTS);
        return names;
    }

    /**
     * Runs every check in one read-only transaction (one snapshot of the database).
     *
     * @param settledAfter how old a job must be to be held to "finished"; {@link Duration#ZERO} once every execution
     *                     has ended
     */
    public Report run(Duration settledAfter) {
        Instant settled = clock.instant().minus(settledAfter);
        return jdbi.inTransaction(h -> {
            List<Result> results = new ArrayList<>();
            for (Query query : QUERIES) {
                List<String> rows = h.createQuery(query.sql())
                        .configure(SqlStatements.class, c -> c.setUnusedBindingAllowed(true))
                        .bind("settled", settled).bind("cost", generationCost)
                        .map(ConsistencyCheck::describe).list();
                results.add(new Result(query.name(), query.requirement(), rows));
            }
            List<String> mismatches = new ArrayList<>(BeatCounts.mismatches(h));
            FacetedTable.PROMPTS.mismatches(h).forEach(m -> mismatches.add("prompt " + m));
            results.add(new Result(FACET_COUNTS, "beat_facet_count and prompt_facet_count agree with the beat and prompt tables",
                    mismatches));
            return new Report(List.copyOf(results));
        });
    }

    /** A row as {@code column=value …}, in the query's column order. */
    private static String describe(ResultSet rs, StatementContext ctx) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.append(c == 1 ? "" : " ").append(meta.getColumnLabel(c)).append('=').append(rs.getString(c));
        }
        return row.toString();
    }
}
