package com.beatgen.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beatgen.Json;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.beatgen.keys.KeyCipher;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeedCommandTest {

    private static final Map<String, String> ENV = Map.of(
            "BEAT_CATALOG_PATH", Path.of("..", "catalog", "beat_catalog.xml").toString(),
            KeyCipher.VARIABLE, KeyCipher.newDataKey());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private Cli cli;
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void setUp() {
        DatabaseConfig config = TestDatabase.freshConfig();
        cli = new Cli(config);
        database = Database.connect(config);
        jdbi = database.jdbi();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void seedsConsistentBeatsAndSeedingAgainAddsMore() throws Exception {
        Instant before = Instant.now();
        Cli.Run first = cli.run(ENV, "seed", "--beats", "2000", "--batch", "700", "--json");
        assertEquals(0, first.exitCode(), first.all());
        JsonNode result = Json.MAPPER.readTree(first.out());
        assertEquals(2000, result.get("beats").asLong(), first.out());
        long failed = result.get("failedJobs").asLong();
        assertTrue(result.get("seconds").asDouble() >= 0, first.out());
        assertTrue(first.err().contains("batch 3/3"), "progress on stderr with --json: " + first.err());

        assertConsistent(2000, failed, result.get("tags").asLong(), before, true);
        Cli.Run check = cli.run(ENV, "check");
        assertEquals(0, check.exitCode(), "check accepts what seed makes: " + check.all());

        Cli.Run second = cli.run(ENV, "seed", "--beats", "2000", "--batch", "5000");
        assertEquals(0, second.exitCode(), second.all());
        assertTrue(second.out().matches("(?s).*Seeded 2,000 beats \\([\\d,]+ jobs, [\\d,]+ failed\\).*rows/s.*"), second.out());
        assertFalse(second.out().contains("Loaded the catalog"), "templates exist: the catalog is not loaded again");
        long failedTotal = count("SELECT COUNT(*) FROM beat_job WHERE status = 'failed'");
        long tagsTotal = count("SELECT COUNT(*) FROM beat_tag");
        // the second run's year overlaps the first's: its versions continue after the first run's, so they increase
        // with time within each run only
        assertConsistent(4000, failedTotal, tagsTotal, before, false);
        Cli.Run checkAgain = cli.run(ENV, "check");
        assertEquals(0, checkAgain.exitCode(), "check accepts what a second seed adds: " + checkAgain.all());
        // the same (default) seed on a database that already has beats gives new content, not a repeat of the first run
        assertTrue(count("SELECT COUNT(DISTINCT description, normalized_prompt) FROM beat") > 3000);
    }

    @Test
    void theSameSeedOnTheSameStateGivesTheSameBeats() {
        String[] args = {"seed", "--beats", "300", "--seed", "42", "--until", "2026-01-01T00:00:00Z", "--json"};
        assertEquals(0, cli.run(ENV, args).exitCode());
        List<String> first = fingerprint(jdbi);

        DatabaseConfig other = TestDatabase.freshConfig();
        Cli otherCli = new Cli(other);
        assertEquals(0, otherCli.run(ENV, args).exitCode());
        try (Database otherDatabase = Database.connect(other)) {
            assertEquals(first, fingerprint(otherDatabase.jdbi()));
        }
        DatabaseConfig third = TestDatabase.freshConfig();
        assertEquals(0, new Cli(third).run(ENV, "seed", "--beats", "300", "--seed", "43", "--until", "2026-01-01T00:00:00Z",
                "--json").exitCode());
        try (Database thirdDatabase = Database.connect(third)) {
            assertNotEquals(first, fingerprint(thirdDatabase.jdbi()));
        }
        Instant newest = jdbi.withHandle(h -> h.createQuery("SELECT MAX(created_at) FROM beat").mapTo(Instant.class).one());
        Instant oldest = jdbi.withHandle(h -> h.createQuery("SELECT MIN(created_at) FROM beat_job").mapTo(Instant.class).one());
        assertTrue(newest.isBefore(Instant.parse("2026-01-01T00:00:00Z")), newest.toString());
        assertTrue(oldest.isAfter(Instant.parse("2025-01-01T00:00:00Z").minus(1, ChronoUnit.DAYS)), oldest.toString());
    }

    @Test
    void refusesBadArguments() {
        Cli.Run zero = cli.run(ENV, "seed", "--beats", "0");
        assertEquals(2, zero.exitCode(), zero.all());
        assertTrue(zero.err().contains("--beats must be at least 1"), zero.err());
        Cli.Run missing = cli.run(ENV, "seed");
        assertEquals(2, missing.exitCode(), missing.all());
        assertEquals(0, cli.opened());
    }

    @Test
    void namesAreUniqueAcrossOrdinals() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (long ordinal = 0; ordinal < 200_000; ordinal++) {
            String name = SyntheticBeats.name(ordinal);
            assertTrue(name.matches("[A-Z][a-z]+ [A-Z][a-z]+ [1-9]\\d{4}"), name);
            assertTrue(names.add(name.toLowerCase(java.util.Locale.ROOT)), "duplicate " + name);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void assertConsistent(long beats, long failed, long tags, Instant before, boolean oneRun) {
        assertEquals(beats, count("SELECT COUNT(*) FROM beat"));
        assertEquals(beats, count("SELECT COUNT(*) FROM beat_job WHERE status = 'completed'"));
        assertEquals(failed, count("SELECT COUNT(*) FROM beat_job WHERE status = 'failed'"));
        assertEquals(0, count("SELECT COUNT(*) FROM beat_job WHERE status NOT IN ('completed', 'failed')"));
        double failureRate = failed / (double) (beats + failed);
        assertTrue(failureRate > 0.03 && failureRate < 0.075, "failure rate " + failureRate);

        // every completed job has exactly its beat; failed jobs have none, and a known error
        assertEquals(beats, count("""
                SELECT COUNT(*) FROM beat_job j JOIN beat b ON b.id = j.beat_id AND b.job_id = j.id
                WHERE j.status = 'completed' AND j.file_url = b.file_url AND j.completed_at = b.created_at"""));
        assertEquals(0, count("SELECT COUNT(*) FROM beat_job j JOIN beat b ON b.job_id = j.id WHERE j.status = 'failed'"));
        assertEquals(0, count("SELECT COUNT(*) FROM beat_job WHERE status = 'failed' AND (beat_id IS NOT NULL OR file_url IS NOT NULL)"));
        List<String> errors = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT error_name FROM beat_job WHERE status = 'failed'")
                .mapTo(String.class).list());
        assertTrue(SyntheticBeats.ERROR_NAMES.containsAll(errors), errors.toString());
        assertTrue(errors.containsAll(List.of("Suno.Timeout", "Provider.Transient", "Suno.GenerationFailed")), errors.toString());
        assertEquals(0, count("SELECT COUNT(*) FROM beat_job WHERE status = 'failed' AND (error_cause IS NULL OR error_cause = '')"));

        // tags: 3–8 per beat, all of them lowercase; skewed: the most common tag is far more common than the rarest
        assertEquals(tags, count("SELECT COUNT(*) FROM beat_tag"));
        assertEquals(beats, count("SELECT COUNT(*) FROM (SELECT beat_id FROM beat_tag GROUP BY beat_id HAVING COUNT(*) BETWEEN 3 AND 8) t"));
        assertEquals(0, count("SELECT COUNT(*) FROM beat_tag WHERE BINARY tag <> BINARY LOWER(tag)"));
        long most = count("SELECT MAX(c) FROM (SELECT COUNT(*) c FROM beat_tag GROUP BY tag) t");
        long least = count("SELECT MIN(c) FROM (SELECT COUNT(*) c FROM beat_tag GROUP BY tag) t");
        assertTrue(most > 20 * least, "skew " + most + " vs " + least);
        assertEquals(List.of(), jdbi.withHandle(com.beatgen.pipeline.BeatCounts::mismatches), "beat_facet_count");
        assertEquals(List.of(), jdbi.withHandle(com.beatgen.db.FacetedTable.PROMPTS::mismatches), "prompt_facet_count");
        assertEquals(0, count("""
                SELECT COUNT(*) FROM prompt_record p JOIN beat_template t ON t.id = p.template_id
                WHERE p.genre <> t.genre OR p.style <> t.style OR p.mood <> t.mood"""));
        assertEquals(0, count("""
                SELECT COUNT(*) FROM prompt_record_tag t JOIN prompt_record p ON p.id = t.prompt_record_id
                WHERE t.created_at <> p.created_at"""));
        assertEquals(0, count("SELECT COUNT(*) FROM beat_tag t JOIN beat b ON b.id = t.beat_id WHERE t.created_at <> b.created_at"));

        // prompt records: one per job, pointing both ways, result matching the job, versions 1..n per template
        long jobs = beats + failed;
        assertEquals(jobs, count("SELECT COUNT(*) FROM prompt_record"));
        assertEquals(jobs, count("""
                SELECT COUNT(*) FROM beat_job j JOIN prompt_record p ON p.id = j.prompt_record_id AND p.job_id = j.id
                WHERE p.template_id = j.template_id AND p.normalized_prompt = j.normalized_prompt AND p.concept = j.concept
                  AND p.execution_result = CASE j.status WHEN 'completed' THEN 'success' ELSE 'failure' END
                  AND (p.error_message IS NULL) = (j.status = 'completed')"""));
        assertEquals(0, count("""
                SELECT COUNT(*) FROM (SELECT template_id, COUNT(*) c, MIN(version) lo, MAX(version) hi FROM prompt_record
                                      GROUP BY template_id) v WHERE lo <> 1 OR hi <> c"""));
        if (oneRun) {
            assertEquals(0, count("""
                    SELECT COUNT(*) FROM prompt_record a JOIN prompt_record b ON a.template_id = b.template_id
                    WHERE a.version < b.version AND a.created_at > b.created_at"""), "versions increase with time");
        }
        assertEquals(jobs, count("SELECT COUNT(DISTINCT prompt_record_id) FROM prompt_record_tag"));

        // names unique and plausible
        assertEquals(beats, count("SELECT COUNT(DISTINCT name) FROM beat"));
        assertEquals(0, count("SELECT COUNT(*) FROM beat WHERE name NOT REGEXP '^[A-Z][a-z]+ [A-Z][a-z]+ [1-9][0-9]{4}$'"));

        // each beat has its template's attributes and base prompt
        assertEquals(beats, count("""
                SELECT COUNT(*) FROM beat b JOIN beat_template t ON t.id = b.template_id
                WHERE b.genre = t.genre AND b.style = t.style AND b.mood = t.mood AND b.use_case = t.use_case
                  AND b.base_prompt = t.base_prompt AND t.is_active"""));
        assertEquals(0, count("SELECT COUNT(*) FROM beat WHERE description = '' OR normalized_prompt = '' OR JSON_VALID(concept) = 0"));

        // audio locations and times
        List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery("SELECT job_id, file_url, alt_file_url, created_at FROM beat")
                .mapToMap().list());
        Instant yearAgo = before.minus(366, ChronoUnit.DAYS);
        Instant after = Instant.now();
        for (Map<String, Object> row : rows) {
            Instant created = ((java.time.LocalDateTime) row.get("created_at")).toInstant(ZoneOffset.UTC);
            String prefix = "s3://beatgen-local-beats/beats/" + DAY.format(created) + "/" + row.get("job_id");
            assertEquals(prefix + "-1.mp3", row.get("file_url"));
            assertEquals(prefix + "-2.mp3", row.get("alt_file_url"));
            assertTrue(created.isAfter(yearAgo) && created.isBefore(after), created.toString());
        }
        long spreadDays = count("SELECT DATEDIFF(MAX(created_at), MIN(created_at)) FROM beat");
        assertTrue(spreadDays >= 360, "spread " + spreadDays + " days");

        // the Suno keys: a few, encrypted, used round-robin by the beats
        long keys = count("SELECT COUNT(*) FROM suno_api_key");
        assertTrue(keys >= 1 && keys <= 10, "keys " + keys);
        assertEquals(keys, count("SELECT COUNT(DISTINCT api_key_id) FROM beat"));
        assertEquals(0, count("SELECT COUNT(*) FROM suno_api_key WHERE key_ciphertext LIKE '%seed-%'"));
    }

    private long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static List<String> fingerprint(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT CONCAT_WS('|', b.id, b.name, b.template_id, b.created_at, b.description, b.normalized_prompt,
                                         (SELECT GROUP_CONCAT(tag ORDER BY tag) FROM beat_tag t WHERE t.beat_id = b.id))
                        FROM beat b ORDER BY b.created_at, b.id""")
                .mapTo(String.class).list());
    }

    @Test
    void failedJobsAreAboutFivePercentAndHaveNoBeat() {
        // covered in seedsConsistentBeatsAndSeedingAgainAddsMore; here the failed jobs of a larger batch are spread in time
        assertEquals(0, cli.run(ENV, "seed", "--beats", "2000", "--json").exitCode());
        long months = count("SELECT COUNT(DISTINCT DATE_FORMAT(created_at, '%Y-%m')) FROM beat_job WHERE status = 'failed'");
        assertTrue(months >= 12, "failed jobs in " + months + " months");
        assertNotEquals(0, count("SELECT COUNT(*) FROM beat_job WHERE status = 'failed'"));
    }
}
