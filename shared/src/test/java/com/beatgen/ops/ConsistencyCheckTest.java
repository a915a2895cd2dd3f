package com.beatgen.ops;

import static com.beatgen.catalog.Catalogs.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.ops.ConsistencyCheck.Report;
import com.beatgen.pipeline.PipelineFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.SqlStatements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check of {@link ConsistencyCheck} against a database the real services wrote (one completed beat, one job
 * failed after its Suno submission), first as written (no violation), then broken by hand in one place each: the
 * check for that invariant, and only the checks that must follow from it, report the offending row.
 */
class ConsistencyCheckTest {

    private static final Duration DAY = Duration.ofDays(1);
    @RegisterExtension
    static final PipelineFixture f = new PipelineFixture();
    private static ConsistencyCheck check;
    private String completed;
    private String failed;

    @BeforeAll
    static void start() {
        check = new ConsistencyCheck(f.database.jdbi(), f.clock, f.pipeline.keyPool().generationCost());
    }

    @BeforeEach
    void writeAConsistentHistory() {
        f.reset();
        f.stub.setPollsUntilSuccess(0);
        f.seed(List.of(template("Alpha Beat"), template("Beta Beat"), template("Gamma Beat")),
                "suno-key-AAAA-0001", "suno-key-BBBB-0002");
        completed = f.startJob();
        f.runSteps(completed);
        f.clock.advance(Duration.ofMinutes(15));
        failed = f.startJob();
        f.pipeline.prompt().normalize(failed, true, true, "");
        f.pipeline.musicSubmission().submit(failed);
        f.pipeline.failure().record(failed, "Suno.GenerationFailed", "GENERATE_AUDIO_FAILED");
        f.clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void whatThePipelineWroteIsConsistent() {
        Report report = check.run(Duration.ZERO);
        assertThat(report.describe()).isEmpty();
        assertThat(report.consistent()).isTrue();
        assertThat(report.results()).extracting(ConsistencyCheck.Result::name).containsExactlyElementsOf(ConsistencyCheck.names());
    }

    @Test
    void aRunningJobIsOnlyReportedOnceOlderThanTheSettleTime() {
        f.clock.advance(Duration.ofMinutes(15));
        String running = f.startJob();
        f.clock.advance(Duration.ofMinutes(5));
        assertThat(check.run(Duration.ofHours(1)).consistent()).isTrue();
        Report settled = check.run(Duration.ZERO);
        assertThat(failedChecks(settled)).containsExactly("job-finished");
        assertThat(settled.failed().get(0).violations()).singleElement().asString().contains(running);
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                broken("job-finished", Set.of("job-finished"),
                        "UPDATE beat_job SET status = 'processing', completed_at = NULL, error_name = NULL, error_cause = NULL,"
                                + " created_at = created_at - INTERVAL 2 DAY WHERE id = :failed",
                        "UPDATE beat_template SET last_used = last_used - INTERVAL 2 DAY"
                                + " WHERE id = (SELECT template_id FROM beat_job WHERE id = :failed)",
                        "UPDATE prompt_record SET execution_result = 'pending' WHERE job_id = :failed"),
                broken("job-completed-has-its-beat", Set.of("job-completed-has-its-beat"),
                        "UPDATE beat_job SET completed_at = NULL WHERE id = :completed"),
                broken("job-failed-recorded", Set.of("job-failed-recorded"),
                        "UPDATE beat_job SET error_name = NULL WHERE id = :failed"),
                broken("job-unfinished-has-no-beat", Set.of("job-unfinished-has-no-beat"),
                        "INSERT INTO beat_job (id, template_id, status, beat_id, created_at, updated_at)"
                                + " SELECT '00000000-0000-0000-0000-0000000000aa', template_id, 'processing', beat_id,"
                                + " created_at, created_at FROM beat_job WHERE id = :completed"),
                broken("beat-has-completed-job", Set.of("beat-has-completed-job"),
                        "UPDATE beat SET file_url = 's3://elsewhere/other.mp3' WHERE job_id = :completed"),
                broken("beat-tag-orphan", Set.of("beat-tag-orphan"),
                        "INSERT INTO beat_tag (beat_id, tag, created_at, genre, style, mood)"
                                + " VALUES ('no-such-beat', 'orphan-tag', UTC_TIMESTAMP(3), 'g', 's', 'm')",
                        "INSERT INTO beat_facet_count (facet, value, beats) VALUES ('tag', 'orphan-tag', 1)"),
                broken("beat-tag-copies (created_at)", Set.of("beat-tag-copies"),
                        "UPDATE beat_tag SET created_at = created_at + INTERVAL 1 SECOND LIMIT 1"),
                broken("beat-tag-copies (genre)", Set.of("beat-tag-copies"),
                        "UPDATE beat_tag SET genre = CONCAT(genre, ' other') LIMIT 1"),
                broken("prompt-record-orphan", Set.of("prompt-record-orphan"),
                        "INSERT INTO prompt_record (id, template_id, genre, style, mood, job_id, version, base_prompt,"
                                + " normalized_prompt, concept, execution_result, created_at, updated_at)"
                                + " SELECT 'orphan-record', template_id, genre, style, mood, NULL, 99, base_prompt, normalized_prompt,"
                                + " concept, 'pending', created_at, updated_at FROM prompt_record WHERE job_id = :failed",
                        "UPDATE prompt_facet_count c JOIN prompt_record p ON p.id = 'orphan-record' SET c.records = c.records + 1"
                                + " WHERE (c.facet = 'all' AND c.value = '') OR (c.facet = 'template' AND c.value = p.template_id COLLATE utf8mb4_0900_ai_ci)"
                                + " OR (c.facet = 'genre' AND c.value = p.genre) OR (c.facet = 'style' AND c.value = p.style)"
                                + " OR (c.facet = 'mood' AND c.value = p.mood)"),
                broken("job-prompt-record", Set.of("job-prompt-record", "prompt-record-orphan"),
                        "UPDATE beat_job SET prompt_record_id = 'no-such-record' WHERE id = :failed"),
                broken("prompt-record-tag-orphan", Set.of("prompt-record-tag-orphan"),
                        "INSERT INTO prompt_record_tag (prompt_record_id, tag, created_at, template_id)"
                                + " VALUES ('no-such-record', 'orphan-tag', UTC_TIMESTAMP(3), 'none')",
                        "INSERT INTO prompt_facet_count (facet, value, records) VALUES ('tag', 'orphan-tag', 1)"),
                broken("prompt-record-tag-copies", Set.of("prompt-record-tag-copies"),
                        "UPDATE prompt_record_tag SET template_id = CONCAT(template_id, '-other') LIMIT 1"),
                broken("prompt-record-result", Set.of("prompt-record-result"),
                        "UPDATE prompt_record SET execution_result = 'pending' WHERE job_id = :completed"),
                broken("prompt-record-key", Set.of("prompt-record-key"),
                        "UPDATE prompt_record SET api_key_id = NULL WHERE job_id = :failed"),
                broken("template-last-used", Set.of("template-last-used"),
                        "UPDATE beat_template SET last_used = last_used - INTERVAL 1 SECOND"
                                + " WHERE id = (SELECT template_id FROM beat_job WHERE id = :completed)"),
                broken("template-last-used (never ran)", Set.of("template-last-used"),
                        "UPDATE beat_template SET last_used = UTC_TIMESTAMP(3) WHERE last_used IS NULL"),
                broken("job-submission", Set.of("job-submission"),
                        "UPDATE beat_job SET submitted_at = NULL WHERE id = :failed"),
                broken("key-usage", Set.of("key-usage"),
                        "INSERT INTO suno_submission (id, job_id, key_id, task_id, status, file_url, requested_at, updated_at)"
                                + " SELECT 'unlogged', id, api_key_id, 'unlogged-task', 'orphaned', 's3://beats/x-1.mp3',"
                                + " created_at, created_at FROM beat_job WHERE id = :completed"),
                broken("job-paid-once", Set.of("job-paid-once"),
                        "UPDATE suno_submission SET task_id = 'another-task' WHERE job_id = :failed AND status = 'accepted'"),
                broken("job-paid-once (paid twice)", Set.of("job-paid-once", "key-usage"),
                        "INSERT INTO suno_submission (id, job_id, key_id, task_id, status, requested_at, updated_at)"
                                + " SELECT 'twice', id, api_key_id, 'second-task', 'accepted', created_at, created_at"
                                + " FROM beat_job WHERE id = :completed"),
                broken("orphan-kept", Set.of("orphan-kept", "key-usage"),
                        "INSERT INTO suno_submission (id, job_id, key_id, task_id, status, requested_at, updated_at)"
                                + " SELECT 'lost', id, api_key_id, 'lost-task', 'orphaned', created_at, created_at"
                                + " FROM beat_job WHERE id = :failed"),
                broken("key-credits", Set.of("key-credits"),
                        "UPDATE suno_api_key SET quota_remaining = quota_remaining + 12"
                                + " WHERE id = (SELECT api_key_id FROM beat_job WHERE id = :completed)"),
                broken("key-status-credits", Set.of("key-status-credits"),
                        "UPDATE suno_api_key SET status = 'exhausted'"
                                + " WHERE id = (SELECT api_key_id FROM beat_job WHERE id = :completed)"),
                broken("facet-counts", Set.of("facet-counts"),
                        "UPDATE beat_facet_count SET beats = beats + 1 WHERE facet = 'all'"));
    }

    private static Arguments broken(String name, Set<String> expected, String... statements) {
        return Arguments.of(name, expected, List.of(statements));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void eachCheckFailsLoudlyOnItsOwnBreakage(String name, Set<String> expected, List<String> statements) {
        f.database.jdbi().useHandle(h -> {
            h.execute("SET FOREIGN_KEY_CHECKS = 0"); // orphans cannot be written otherwise
            try {
                for (String sql : statements) {
                    h.createUpdate(sql).configure(SqlStatements.class, c -> c.setUnusedBindingAllowed(true))
                            .bindMap(Map.of("completed", completed, "failed", failed)).execute();
                }
            } finally {
                h.execute("SET FOREIGN_KEY_CHECKS = 1");
            }
        });
        Report report = check.run(DAY);
        assertThat(report.consistent()).isFalse();
        assertThat(failedChecks(report)).as(report.describe()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.failed()).allSatisfy(r -> assertThat(r.violations()).isNotEmpty());
    }

    private static List<String> failedChecks(Report report) {
        return report.failed().stream().map(ConsistencyCheck.Result::name).toList();
    }
}
