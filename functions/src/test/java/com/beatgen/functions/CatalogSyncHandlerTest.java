package com.beatgen.functions;

import static com.beatgen.catalog.Catalogs.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.catalog.Catalogs;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.FailAt;
import com.beatgen.db.TestDatabase;
import com.beatgen.storage.S3Clients;
import com.beatgen.testkit.s3.LocalS3;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The CatalogSync function fed real S3 event notifications (aws-lambda-java-tests), on S3Proxy and the real database. */
class CatalogSyncHandlerTest {

    private static final String BUCKET = "beatgen-catalog";
    private static final List<BeatTemplate> CATALOG = List.of(template("Alpha Beat"), template("Beta Beat"));
    private static LocalS3 localS3;
    private static S3Client s3;
    private Database database;
    private CatalogSyncHandler handler;

    @BeforeAll
    static void startS3() {
        localS3 = LocalS3.start(null);
        s3 = S3Clients.client(new Env(Map.of(S3Clients.ENDPOINT, localS3.endpoint())));
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        localS3.close();
    }

    @BeforeEach
    void setUp() {
        localS3.createBucket(BUCKET);
        s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().forEach(o -> s3.deleteObject(b -> b.bucket(BUCKET).key(o.key())));
        database = TestDatabase.fresh();
        handler = handler(64 * 1024);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private CatalogSyncHandler handler(long maxBytes) {
        CatalogObjectSync sync = new CatalogObjectSync(database.jdbi(), s3, maxBytes, Clock.systemUTC());
        return new CatalogSyncHandler(() -> sync);
    }

    private static void put(String key, byte[] content) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    private List<String> activeIds() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM beat_template WHERE is_active ORDER BY id")
                .mapTo(String.class).list());
    }

    private List<Map<String, Object>> runs() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT source, status, refused, errors FROM catalog_sync_run ORDER BY id")
                .mapToMap().list());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyRecord(Map<String, Object> result) {
        List<Map<String, Object>> records = (List<Map<String, Object>>) result.get("records");
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static byte[] invalidCatalog() {
        return new String(Catalogs.xml(List.of(template("Gamma Beat"))), StandardCharsets.UTF_8).replace("Gamma Beat", "!!!")
                .getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @Event(value = "events/s3-catalog-put-spaces-parentheses.json", type = S3Event.class)
    void syncsAnObjectWhoseKeyHasSpacesAndParentheses(S3Event event) {
        put("admin uploads/beat catalog (v2).xml", Catalogs.xml(CATALOG));

        Map<String, Object> record = onlyRecord(handler.handleRequest(event, null));

        assertThat(record).containsEntry("outcome", "SYNCED").containsEntry("added", 2);
        assertThat(activeIds()).containsExactly("alpha-beat", "beta-beat");
        assertThat(runs().get(0).get("source")).isEqualTo("s3://beatgen-catalog/admin uploads/beat catalog (v2).xml");
    }

    @ParameterizedTest
    @Event(value = "events/s3-catalog-put-plus.json", type = S3Event.class)
    void syncsAnObjectWhoseKeyHasAPlus(S3Event event) {
        put("beat+catalog.xml", Catalogs.xml(CATALOG));

        assertThat(onlyRecord(handler.handleRequest(event, null))).containsEntry("outcome", "SYNCED");
        assertThat(activeIds()).containsExactly("alpha-beat", "beta-beat");
    }

    @ParameterizedTest
    @Event(value = "events/s3-not-xml.json", type = S3Event.class)
    void ignoresAKeyThatIsNotXml(S3Event event) {
        put("admin uploads/README.txt", "read me".getBytes(StandardCharsets.UTF_8));

        assertThat(onlyRecord(handler.handleRequest(event, null))).containsEntry("outcome", "IGNORED");
        assertThat(runs()).isEmpty();
    }

    @Test
    void aDuplicateDeliveryIsANoOp() {
        S3Event event = EventLoader.loadS3Event("events/s3-catalog-put-spaces-parentheses.json");
        put("admin uploads/beat catalog (v2).xml", Catalogs.xml(CATALOG));
        handler.handleRequest(event, null);

        Map<String, Object> again = onlyRecord(handler.handleRequest(event, null));

        assertThat(again).containsEntry("outcome", "DUPLICATE");
        assertThat(runs()).hasSize(1);
    }

    @Test
    void anOversizedObjectFailsTheInvocationAndKeepsTheCatalog() {
        S3Event event = EventLoader.loadS3Event("events/s3-catalog-put-plus.json");
        put("beat+catalog.xml", Catalogs.xml(CATALOG));
        handler.handleRequest(event, null);
        byte[] huge = new byte[4097];
        Arrays.fill(huge, (byte) ' ');
        put("beat+catalog.xml", huge);

        assertThatThrownBy(() -> handler(4096).handleRequest(event, null))
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Catalog.Invalid"))
                .hasMessageContaining("4097 bytes, larger than the limit of 4096 bytes");
        assertThat(activeIds()).containsExactly("alpha-beat", "beta-beat");
        assertThat(runs()).extracting(r -> r.get("status")).containsExactly("succeeded", "failed");
    }

    @Test
    void anInvalidCatalogIsRecordedAndFailsTheInvocationVisibly() {
        S3Event event = EventLoader.loadS3Event("events/s3-catalog-put-plus.json");
        put("beat+catalog.xml", Catalogs.xml(CATALOG));
        handler.handleRequest(event, null);
        put("beat+catalog.xml", invalidCatalog());

        try (LogCapture logs = LogCapture.of(CatalogSyncHandler.class)) {
            assertThatThrownBy(() -> handler.handleRequest(event, null))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Catalog.Invalid"))
                    .hasMessageContaining("row").hasMessageContaining("has no letters or digits");
            assertThat(logs.messages(Level.ERROR)).singleElement().asString()
                    .contains("beat%2Bcatalog.xml", "Catalog.Invalid", "has no letters or digits");
        }
        assertThat(activeIds()).as("the previous catalog is kept").containsExactly("alpha-beat", "beta-beat");
        Map<String, Object> failed = runs().get(1);
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(failed.get("errors").toString()).contains("has no letters or digits");
    }

    @ParameterizedTest
    @Event(value = "events/s3-two-catalogs.json", type = S3Event.class)
    void handlesEveryRecordBeforeFailingForTheInvalidOne(S3Event event) {
        put("catalogs/broken.xml", invalidCatalog());
        put("catalogs/beat_catalog.xml", Catalogs.xml(CATALOG));

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Catalog.Invalid"));

        assertThat(activeIds()).as("the second record was synced").containsExactly("alpha-beat", "beta-beat");
        assertThat(runs()).extracting(r -> r.get("status")).containsExactly("failed", "succeeded");
    }

    @Test
    void aDatabaseErrorIsCatalogSyncFailedWithoutSqlAndARetryOfTheVersionDoesNotSyncAgain() {
        FailAt fault = new FailAt(4); // 1 last run, 2 lock the templates, 3 already synced?, 4 the INSERT
        Jdbi faulty = Database.configure(Jdbi.create(database.dataSource()));
        faulty.addCustomizer(fault);
        CatalogObjectSync sync = new CatalogObjectSync(faulty, s3, 64 * 1024, Clock.systemUTC());
        CatalogSyncHandler faultyHandler = new CatalogSyncHandler(() -> sync);
        S3Event event = EventLoader.loadS3Event("events/s3-catalog-put-plus.json");
        put("beat+catalog.xml", Catalogs.xml(CATALOG));

        try (LogCapture logs = LogCapture.of(CatalogSyncHandler.class)) {
            for (int attempt = 1; attempt <= 3; attempt++) { // Lambda's asynchronous retries deliver the same event
                assertThatThrownBy(() -> faultyHandler.handleRequest(event, null))
                        .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Catalog.SyncFailed"))
                        .hasMessageContaining("the database refused the catalog, nothing changed")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("INSERT", "beat_template"))
                        .satisfies(e -> assertThat(e.getCause()).hasNoCause());
            }
            assertThat(logs.messages(Level.ERROR)).as("logged by the sync, once per failure, not again here").isEmpty();
        }
        assertThat(runs()).as("the version is synced once, not at every retry").hasSize(1);
        assertThat(activeIds()).isEmpty();
    }

    @Test
    void aFailureToStartIsNamedToo() {
        CatalogSyncHandler unconfigured = new CatalogSyncHandler(() -> CatalogSyncHandler.wire(com.beatgen.wiring.Components.fromEnv(new Env(Map.of()))));

        assertThatThrownBy(() -> unconfigured.handleRequest(EventLoader.loadS3Event("events/s3-catalog-put-plus.json"), null))
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Config.Invalid"))
                .hasMessageContaining("DATABASE_URL");
    }
}
