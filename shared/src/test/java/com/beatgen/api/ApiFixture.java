package com.beatgen.api;

import com.beatgen.ClosedAfterAll;
import com.beatgen.Json;
import com.beatgen.MutableClock;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.FacetedTable;
import com.beatgen.db.ExecutionLog;
import com.beatgen.db.TestDatabase;
import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.pipeline.BeatCounts;
import com.beatgen.provider.Redactor;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The API on a fresh database; beats, jobs, templates and keys are inserted directly with SQL. */
public final class ApiFixture implements ClosedAfterAll {

    public static final String ADMIN_TOKEN = "local-admin-token-0123456789";
    /** The beats bucket of the audio the fixture stores. */
    public static final String BUCKET = "beats";
    public final Database database = TestDatabase.fresh();
    public final Jdbi jdbi = database.jdbi();
    public final MutableClock clock = MutableClock.atNow();
    public final S3Presigner presigner = Presigners.fromEnv(new Env(Map.of("S3_ENDPOINT_URL", "http://localhost:9000",
            "AWS_REGION", "us-east-1")));
    public final SunoKeyPool pool = new SunoKeyPool(jdbi, KeyCipher.fromBase64(KeyCipher.newDataKey()), Redactor.none(),
            new ExecutionLog(jdbi, clock), clock, 12);
    /** What the fake Suno answers to a credit request. */
    public final AtomicInteger sunoCredits = new AtomicInteger(240);
    private final AtomicInteger sequence = new AtomicInteger();

    /** The whole API in one process: each request goes to the service of the function whose operation has its path. */
    @FunctionalInterface
    public interface Api {
        ApiResponse handle(ApiRequest request);
    }

    private ApiWiring defaultWiring;

    public ApiWiring wiring(ApiConfig config, java.time.Clock clock) {
        return new ApiWiring(jdbi, config, () -> new AudioLinks(presigner, BUCKET, config.audioUrlTtl(), clock),
                () -> new KeyAdmin(pool, id -> pool.refreshCredits(id, sunoCredits.get()).quotaRemaining()), clock);
    }

    /** No practical rate limit and the admin token set. */
    public synchronized ApiWiring wiring() {
        if (defaultWiring == null) {
            defaultWiring = wiring(ApiConfig.defaults().withRateLimit(Duration.ofSeconds(60), 100_000).withAdminToken(ADMIN_TOKEN), clock);
        }
        return defaultWiring;
    }

    public static Api all(ApiWiring wiring) {
        return request -> wiring.service(ApiRoutes.owner(request.path()).orElse("HealthApiFunction")).handle(request);
    }

    public Api service(ApiConfig config) {
        return all(wiring(config, clock));
    }

    public Api service() {
        return all(wiring());
    }

    public static JsonNode json(ApiResponse response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    public static ApiRequest get(String pathAndQuery) {
        return ApiRequest.of("GET", pathAndQuery, "198.51.100.7");
    }

    public void clear() {
        jdbi.useHandle(h -> {
            for (String table : List.of("beat_tag", "beat", "beat_facet_count", "prompt_record_tag", "prompt_record", "beat_job",
                    "suno_api_key", "beat_template", "api_rate_limit_slot", "prompt_facet_count")) {
                h.execute("DELETE FROM " + table);
            }
        });
    }

    public String template(String genre, String style, String mood, boolean active) {
        String id = "template-" + sequence.incrementAndGet();
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO beat_template (id, category_name, genre, style, mood, use_case, tags, base_prompt, is_active,
                                                   checksum, created_at, updated_at)
                        VALUES (:id, :id, :genre, :style, :mood, 'Gaming', :tags, 'a base prompt', :active, :checksum, :now, :now)""")
                .bind("id", id).bind("genre", genre).bind("style", style).bind("mood", mood)
                .bind("tags", Json.write(List.of("chill", "night"))).bind("active", active)
                .bind("checksum", "0".repeat(32)).bind("now", now).execute());
        return id;
    }

    public String key(String status, int credits) {
        String id = UUID.randomUUID().toString();
        String secret = "sk-secret-" + id;
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO suno_api_key (id, label, key_ciphertext, key_fingerprint, key_last4, status, quota_remaining,
                                                  created_at, updated_at)
                        VALUES (:id, 'test', :ciphertext, :fingerprint, :last4, :status, :credits, :now, :now)""")
                .bind("id", id).bind("ciphertext", new byte[] {1, 2, 3}).bind("fingerprint", id + "-".repeat(28))
                .bind("last4", secret.substring(secret.length() - 4)).bind("status", status).bind("credits", credits)
                .bind("now", now).execute());
        return id;
    }

    /** A job; completed and failed jobs finish at {@code completedAt}. */
    public String job(String templateId, String status, Instant createdAt, Instant completedAt, String errorName) {
        String id = UUID.randomUUID().toString();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO beat_job (id, template_id, status, error_name, created_at, submitted_at, completed_at, updated_at)
                        VALUES (:id, :template, :status, :error, :created, :submitted, :completed, :created)""")
                .bind("id", id).bind("template", templateId).bind("status", status).bind("error", errorName)
                .bind("created", createdAt).bind("submitted", createdAt.plusSeconds(5)).bind("completed", completedAt)
                .execute());
        return id;
    }

    /** A stored beat as the tests generate it. */
    public record Beat(String id, String name, String genre, String style, String mood, List<String> tags, Instant createdAt,
                       boolean alternate) {
    }

    /** Inserts beats (each with its template, key and completed job), in one batch per table. */
    public void insert(List<Beat> beats) {
        if (beats.isEmpty()) {
            return;
        }
        String template = template("Genre", "Style", "Mood", true);
        String key = key("active", 100);
        jdbi.useHandle(h -> {
            var jobs = h.prepareBatch("""
                    INSERT INTO beat_job (id, template_id, status, api_key_id, created_at, submitted_at, completed_at, updated_at)
                    VALUES (:id, :template, 'completed', :key, :created, :submitted, :completed, :completed)""");
            var rows = h.prepareBatch("""
                    INSERT INTO beat (id, job_id, template_id, name, genre, style, mood, use_case, description, file_url,
                                      alt_file_url, duration_seconds, base_prompt, normalized_prompt, concept, api_key_id, created_at)
                    VALUES (:id, :job, :template, :name, :genre, :style, :mood, 'Gaming', :description, :file, :alt, 95.5,
                            :basePrompt, :normalizedPrompt, :concept, :key, :created)""");
            var tags = h.prepareBatch("INSERT INTO beat_tag (beat_id, tag, created_at, genre, style, mood)"
                    + " VALUES (:beat, :tag, :created, :genre, :style, :mood)");
            for (Beat beat : beats) {
                String job = UUID.randomUUID().toString();
                jobs.bind("id", job).bind("template", template).bind("key", key)
                        .bind("created", beat.createdAt().minusSeconds(120)).bind("submitted", beat.createdAt().minusSeconds(110))
                        .bind("completed", beat.createdAt()).add();
                rows.bind("id", beat.id()).bind("job", job).bind("template", template).bind("name", beat.name())
                        .bind("genre", beat.genre()).bind("style", beat.style()).bind("mood", beat.mood())
                        .bind("description", "About " + beat.name()).bind("file", "s3://beats/beats/" + job + "-1.mp3")
                        .bind("alt", beat.alternate() ? "s3://beats/beats/" + job + "-2.mp3" : null)
                        .bind("basePrompt", "base " + beat.name()).bind("normalizedPrompt", "normalized " + beat.name())
                        .bind("concept", Json.write(Map.of("bpm", 90, "key", "A minor"))).bind("key", key)
                        .bind("created", beat.createdAt()).add();
                for (String tag : beat.tags()) {
                    tags.bind("beat", beat.id()).bind("tag", tag).bind("created", beat.createdAt()).bind("genre", beat.genre())
                            .bind("style", beat.style()).bind("mood", beat.mood()).add();
                }
            }
            jobs.execute();
            rows.execute();
            if (beats.stream().anyMatch(b -> !b.tags().isEmpty())) {
                tags.execute();
            }
            BeatCounts.rebuild(h);
        });
    }

    /** A stored prompt record: the template's genre, style and mood are copied into it as the pipeline does. */
    public record Prompt(String id, String templateId, String genre, String style, String mood, List<String> tags, Instant createdAt) {
    }

    /** Inserts prompt records (their templates must exist), then recounts prompt_facet_count. */
    public void insertPrompts(List<Prompt> prompts) {
        jdbi.useHandle(h -> {
            var rows = h.prepareBatch("""
                    INSERT INTO prompt_record (id, template_id, genre, style, mood, job_id, version, base_prompt, normalized_prompt,
                                               concept, execution_result, created_at, updated_at)
                    VALUES (:id, :template, :genre, :style, :mood, NULL, :version, 'base', 'normalized', '{}', 'success',
                            :created, :created)""");
            var tags = h.prepareBatch(
                    "INSERT INTO prompt_record_tag (prompt_record_id, tag, created_at, template_id) VALUES (:id, :tag, :created, :template)");
            boolean tagged = false;
            for (Prompt p : prompts) {
                rows.bind("id", p.id()).bind("template", p.templateId()).bind("genre", p.genre()).bind("style", p.style())
                        .bind("mood", p.mood()).bind("version", sequence.incrementAndGet()).bind("created", p.createdAt()).add();
                for (String tag : p.tags()) {
                    tags.bind("id", p.id()).bind("tag", tag).bind("created", p.createdAt()).bind("template", p.templateId()).add();
                    tagged = true;
                }
            }
            if (!prompts.isEmpty()) {
                rows.execute();
            }
            if (tagged) {
                tags.execute();
            }
            FacetedTable.PROMPTS.rebuild(h);
        });
    }

    public static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Override
    public void close() {
        presigner.close();
        database.close();
    }
}
