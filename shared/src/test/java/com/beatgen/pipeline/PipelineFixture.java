package com.beatgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.ClosedAfterAll;
import com.beatgen.MutableClock;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.CatalogReader;
import com.beatgen.catalog.CatalogSyncService;
import com.beatgen.catalog.Catalogs;
import com.beatgen.catalog.SyncSource;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.beatgen.keys.KeyCipher;
import com.beatgen.provider.Provider;
import com.beatgen.testkit.stub.ProviderStub;
import com.beatgen.testkit.s3.LocalS3;
import com.beatgen.storage.S3Clients;
import com.beatgen.wiring.Components;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** A whole pipeline on real parts: a fresh database, the provider stub, a local S3. */
public final class PipelineFixture implements ClosedAfterAll {

    public static final String BUCKET = "beats";
    public static final String CALLBACK_KEY = "test-callback-key-0123456789";
    public final Database database = TestDatabase.fresh();
    public final ProviderStub stub = ProviderStub.start();
    public final LocalS3 s3Server = LocalS3.start(null);
    public final MutableClock clock = MutableClock.atNow();
    public final S3Client s3;
    /** The services and collaborators, wired as the functions wire them. */
    public final Components pipeline;

    public PipelineFixture() {
        s3Server.createBucket(BUCKET);
        Env env = new Env(Map.of("S3_ENDPOINT_URL", s3Server.endpoint(), "AWS_REGION", "us-east-1"));
        s3 = S3Clients.client(env);
        pipeline = new Components(new Env(environment(stub.baseUrl(), s3Server.endpoint())), clock, id -> {
            throw new AssertionError("no Secrets Manager in tests: " + id);
        }, database);
    }

    /** The functions' environment for the stub at {@code baseUrl} and the local S3 at {@code s3Endpoint}. */
    public static Map<String, String> environment(String baseUrl, String s3Endpoint) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("GEMINI_API_KEY", "gemini-test-key-0001");
        env.put("GEMINI_BASE_URL", baseUrl);
        env.put("OPENAI_API_KEY", "openai-test-key-0002");
        env.put("OPENAI_BASE_URL", baseUrl);
        env.put("SUNO_BASE_URL", baseUrl);
        env.put("API_BASE_URL", "https://example.com/prod");
        env.put("SUNO_CALLBACK_KEY", CALLBACK_KEY);
        env.put("SUNO_CALLBACK_WAIT_MS", "1500");
        env.put("PROVIDER_CONNECT_TIMEOUT_MS", "2000");
        // 1.5 s: the stub encodes each clip's MP3 (jump3r); on a loaded machine that takes longer than a real download
        env.put("PROVIDER_READ_TIMEOUT_MS", "1500");
        env.put("CIRCUIT_BREAKER_COOLDOWN_SECONDS", "60");
        env.put("SUNO_KEY_ENCRYPTION_KEY", KeyCipher.newDataKey());
        env.put("S3_ENDPOINT_URL", s3Endpoint);
        env.put("AWS_REGION", "us-east-1");
        env.put("BEATS_BUCKET", BUCKET);
        return env;
    }

    /** Syncs templates and adds funded Suno keys. */
    public void seed(List<BeatTemplate> templates, String... sunoKeys) {
        new CatalogSyncService(database.jdbi(), new CatalogReader(), clock).sync(Catalogs.stream(templates), SyncSource.file("test.xml"));
        for (String key : sunoKeys) {
            clock.advance(Duration.ofMillis(1));
            pipeline.keyPool().refreshCredits(pipeline.keyPool().add("test", key).id(), 500);
        }
    }

    /** A scheduled start now; the job's id (fails the test when the run is skipped). */
    public String startJob() {
        StartRunService.Decision decision = pipeline.startRun().start(clock.instant(), "exec-" + clock.instant().toEpochMilli());
        assertThat(decision.skipped()).as(decision.reason()).isFalse();
        return decision.jobId();
    }

    /** Runs every step the way the state machine does on the happy path; returns PersistBeat's result. */
    public PersistService.Result runSteps(String jobId) {
        pipeline.concept().generate(jobId);
        pipeline.prompt().normalize(jobId, false, false, "");
        pipeline.musicSubmission().submit(jobId);
        MusicService.Poll poll;
        do {
            poll = pipeline.music().poll(jobId);
        } while ("IN_PROGRESS".equals(poll.status()));
        assertThat(poll.status()).isEqualTo("COMPLETE");
        pipeline.audio().store(jobId);
        pipeline.metadata().generate(jobId, false, "");
        return pipeline.persist().persist(jobId);
    }

    public void reset() {
        stub.reset();
        stub.setTimeoutDelay(Duration.ofSeconds(3));
        for (Provider provider : Provider.values()) {
            pipeline.breakers().recordSuccess(provider);
        }
        database.jdbi().useHandle(h -> {
            for (String table : List.of("beat_tag", "beat", "beat_facet_count", "prompt_record_tag", "prompt_facet_count")) {
                h.execute("DELETE FROM " + table);
            }
            h.execute("UPDATE beat_job SET prompt_record_id = NULL");
            for (String table : List.of("suno_callback", "suno_submission", "prompt_record", "beat_job", "idempotency_record", "execution_log", "suno_api_key",
                    "catalog_sync_run", "beat_template")) {
                h.execute("DELETE FROM " + table);
            }
        });
    }

    public long count(String table) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        pipeline.close();
        s3.close();
        s3Server.close();
        stub.close();
        database.close();
    }
}
