package com.beatgen.catalog;

import static com.beatgen.catalog.Catalogs.template;
import static com.beatgen.catalog.Catalogs.withPrompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.catalog.CatalogObjectSync.Outcome;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.FailAt;
import com.beatgen.db.TestDatabase;
import com.beatgen.storage.S3Clients;
import com.beatgen.testkit.s3.LocalS3;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** The S3 delivery of the catalog against a real S3 protocol server (S3Proxy) and the real database. */
class CatalogObjectSyncTest {

    private static final String BUCKET = "catalog-bucket";
    private static final long LIMIT = 64 * 1024;
    private static LocalS3 localS3;
    private static S3Client s3;
    private static final AtomicInteger downloads = new AtomicInteger();
    private Database database;
    private CatalogObjectSync sync;

    @BeforeAll
    static void startS3() {
        localS3 = LocalS3.start(null);
        localS3.createBucket(BUCKET);
        s3 = S3Clients.builder(new Env(Map.of(S3Clients.ENDPOINT, localS3.endpoint())))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof GetObjectRequest) {
                            downloads.incrementAndGet();
                        }
                    }
                }))
                .build();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        localS3.close();
    }

    @BeforeEach
    void setUp() {
        database = TestDatabase.fresh();
        sync = new CatalogObjectSync(database.jdbi(), s3, LIMIT, Clock.systemUTC());
        downloads.set(0);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static void put(String key, byte[] content) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    private static void put(String key, List<BeatTemplate> templates) {
        put(key, Catalogs.xml(templates));
    }

    private List<String> activeIds() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM beat_template WHERE is_active ORDER BY id")
                .mapTo(String.class).list());
    }

    private List<Map<String, Object>> runs() {
        return database.jdbi().withHandle(h -> h.createQuery(
                "SELECT source, source_version, source_etag, source_bytes, status, refused, errors FROM catalog_sync_run ORDER BY id")
                .mapToMap().list());
    }

    @Test
    void syncsTheObjectAnEventNamesEvenWithSpacesAndParenthesesInItsKey() {
        put("admin uploads/beat catalog (v2).xml", List.of(template("Alpha Beat"), template("Beta Beat")));

        Outcome outcome = sync.onObjectCreated("ObjectCreated:Put", BUCKET, "admin+uploads/beat+catalog+%28v2%29.xml");

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.SYNCED);
        assertThat(outcome.result().added()).isEqualTo(2);
        assertThat(activeIds()).containsExactly("alpha-beat", "beta-beat");
        Map<String, Object> run = runs().get(0);
        assertThat(run.get("source")).isEqualTo("s3://" + BUCKET + "/admin uploads/beat catalog (v2).xml");
        assertThat(run.get("source_version")).isEqualTo(run.get("source_etag")).isNotNull();
        assertThat(((Number) run.get("source_bytes")).longValue()).isEqualTo(Catalogs.xml(List.of(template("Alpha Beat"),
                template("Beta Beat"))).length);
    }

    @Test
    void ignoresKeysThatAreNotXmlAndEventsThatAreNotObjectCreated() {
        put("notes.txt", "not a catalog".getBytes(StandardCharsets.UTF_8));
        put("beat_catalog.xml", List.of(template("Alpha Beat")));

        assertThat(sync.onObjectCreated("ObjectCreated:Put", BUCKET, "notes.txt").kind()).isEqualTo(Outcome.Kind.IGNORED);
        assertThat(sync.onObjectCreated("ObjectRemoved:Delete", BUCKET, "beat_catalog.xml").kind()).isEqualTo(Outcome.Kind.IGNORED);
        assertThat(downloads.get()).isZero();
        assertThat(runs()).isEmpty();
    }

    @Test
    void aRepeatedDeliveryOfTheSameVersionIsANoOp() {
        put("beat_catalog.xml", List.of(template("Alpha Beat")));
        assertThat(sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml").kind()).isEqualTo(Outcome.Kind.SYNCED);

        Outcome again = sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml");

        assertThat(again.kind()).isEqualTo(Outcome.Kind.DUPLICATE);
        assertThat(downloads.get()).as("the duplicate is not downloaded").isEqualTo(1);
        assertThat(runs()).hasSize(1);
    }

    @Test
    void uploadingAnEarlierCatalogAgainIsAChangeNotADuplicate() {
        List<BeatTemplate> a = List.of(template("Alpha Beat"));
        List<BeatTemplate> b = List.of(template("Alpha Beat"), template("Beta Beat"));
        put("beat_catalog.xml", a);
        sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml");
        put("beat_catalog.xml", b);
        sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml");
        put("beat_catalog.xml", a); // same ETag as the first upload (no versioning)

        Outcome outcome = sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml");

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.SYNCED);
        assertThat(outcome.result().deactivated()).isEqualTo(1);
        assertThat(activeIds()).containsExactly("alpha-beat");
    }

    @Test
    void aLateEventForAnOlderUploadSyncsNothingOld() {
        put("beat_catalog.xml", List.of(template("Alpha Beat")));
        put("beat_catalog.xml", List.of(template("Alpha Beat"), template("Gamma Beat")));
        sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml"); // the second upload's event

        Outcome late = sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml"); // the first upload's event, late

        assertThat(late.kind()).isEqualTo(Outcome.Kind.DUPLICATE);
        assertThat(activeIds()).containsExactly("alpha-beat", "gamma-beat");
    }

    @Test
    void anInvalidCatalogChangesNothingIsRecordedWithItsErrorsAndIsRefusedAgainOnRedelivery() {
        put("beat_catalog.xml", List.of(template("Alpha Beat")));
        sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml");
        String broken = new String(Catalogs.xml(List.of(template("Beta Beat"))), StandardCharsets.UTF_8).replace("Beta Beat", "!!!");
        put("beat_catalog.xml", broken.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml"))
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining("has no letters or digits");
        assertThat(activeIds()).containsExactly("alpha-beat");
        Map<String, Object> failed = runs().get(1);
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(failed.get("refused")).isIn(true, 1, (byte) 1);
        assertThat(failed.get("errors").toString()).contains("Category Name", "has no letters or digits");

        assertThatThrownBy(() -> sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml"))
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining("has no letters or digits");
        assertThat(runs()).as("a redelivery records no new run").hasSize(2);
        assertThat(downloads.get()).isEqualTo(2);
    }

    @Test
    void aVersionTheDatabaseRefusedIsCatalogSyncFailedAndIsNotTriedAgainUntilItChanges() {
        FailAt fault = new FailAt(4); // 1 last run, 2 lock the templates, 3 already synced?, 4 the INSERT
        Jdbi faulty = Database.configure(Jdbi.create(database.dataSource()));
        faulty.addCustomizer(fault);
        CatalogObjectSync faultySync = new CatalogObjectSync(faulty, s3, LIMIT, Clock.systemUTC());
        put("beat_catalog.xml", List.of(template("Alpha Beat")));

        for (int delivery = 1; delivery <= 3; delivery++) {
            assertThatThrownBy(() -> faultySync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml"))
                    .isInstanceOf(CatalogSyncFailedException.class)
                    .hasMessageContaining("injected failure at statement 4")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("INSERT", "beat_template"));
        }
        assertThat(runs()).as("one run for the version, however often it is delivered").hasSize(1);
        assertThat(downloads.get()).isEqualTo(1);
        assertThat(activeIds()).isEmpty();

        put("beat_catalog.xml", List.of(template("Alpha Beat"), template("Beta Beat")));
        assertThat(faultySync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml").kind()).isEqualTo(Outcome.Kind.SYNCED);
        assertThat(activeIds()).containsExactly("alpha-beat", "beta-beat");
    }

    @Test
    void anOversizedObjectIsRefusedBeforeItIsDownloaded() {
        put("beat_catalog.xml", List.of(template("Alpha Beat")));
        sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml");
        byte[] huge = new byte[(int) LIMIT + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        put("beat_catalog.xml", huge);
        downloads.set(0);

        assertThatThrownBy(() -> sync.onObjectCreated("ObjectCreated:Put", BUCKET, "beat_catalog.xml"))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining((LIMIT + 1) + " bytes, larger than the limit of " + LIMIT + " bytes (CATALOG_MAX_BYTES)");
        assertThat(downloads.get()).isZero();
        assertThat(activeIds()).containsExactly("alpha-beat");
        assertThat(runs().get(1).get("status")).isEqualTo("failed");
    }

    @Test
    void syncCurrentLoadsAnExistingCatalogAndDoesNothingWhenThereIsNone() {
        Outcome absent = sync.syncCurrent(BUCKET, "first/beat_catalog.xml");
        assertThat(absent.kind()).isEqualTo(Outcome.Kind.ABSENT);
        assertThat(runs()).isEmpty();

        put("first/beat_catalog.xml", List.of(template("Alpha Beat"), withPrompt(template("Beta Beat"), "a new prompt")));
        Outcome loaded = sync.syncCurrent(BUCKET, "first/beat_catalog.xml");

        assertThat(loaded.kind()).isEqualTo(Outcome.Kind.SYNCED);
        assertThat(activeIds()).containsExactly("alpha-beat", "beta-beat");
        assertThat(sync.syncCurrent(BUCKET, "first/beat_catalog.xml").kind()).isEqualTo(Outcome.Kind.DUPLICATE);
    }

    @Test
    void anUnreachableS3IsStorageUnavailable() {
        try (S3Client down = S3Clients.builder(new Env(Map.of(S3Clients.ENDPOINT, "http://127.0.0.1:1")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            CatalogObjectSync unreachable = new CatalogObjectSync(database.jdbi(), down, LIMIT, Clock.systemUTC());
            assertThatThrownBy(() -> unreachable.syncCurrent(BUCKET, "beat_catalog.xml"))
                    .isInstanceOf(com.beatgen.storage.StorageUnavailableException.class);
        }
        assertThat(runs()).isEmpty();
    }
}
