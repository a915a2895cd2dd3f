package com.beatgen.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.catalog.Catalogs;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.FailAt;
import com.beatgen.db.TestDatabase;
import com.beatgen.functions.CatalogSyncHandler;
import com.beatgen.testkit.s3.LocalS3;
import com.beatgen.storage.S3Clients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 17: {@code ./beatgen up}'s catalog watcher does not deliver a file that failed as a catalog again until it
 * changes (it used to retry about once a second: 23 sync runs and 23 ERROR blocks in 20 s).
 */
class CatalogEventsTest {

    @TempDir
    Path dir;
    private Database database;
    private LocalS3 localS3;
    private S3Client s3;
    private Path file;
    private final StringWriter out = new StringWriter();
    private final AtomicInteger invocations = new AtomicInteger();

    @BeforeEach
    void start() {
        database = TestDatabase.fresh();
        localS3 = LocalS3.start(null);
        localS3.createBucket(LocalCatalogDelivery.BUCKET);
        s3 = S3Clients.client(new Env(Map.of(S3Clients.ENDPOINT, localS3.endpoint())));
        file = dir.resolve("beat_catalog.xml");
    }

    @AfterEach
    void stop() {
        s3.close();
        localS3.close();
        database.close();
    }

    private CatalogWatcher watch(Jdbi jdbi) {
        CatalogSyncHandler handler = new CatalogSyncHandler(() -> new CatalogObjectSync(jdbi, s3, 1024 * 1024, Clock.systemUTC()));
        RequestHandler<S3Event, Map<String, Object>> counted = (event, context) -> {
            invocations.incrementAndGet();
            return handler.handleRequest(event, context);
        };
        LocalCatalogDelivery delivery = new LocalCatalogDelivery(s3, LocalCatalogDelivery.BUCKET, "beat_catalog.xml", counted, Clock.systemUTC());
        return CatalogWatcher.of(file, new CatalogEvents(new UpLog(new PrintWriter(out, true), Clock.systemUTC()), delivery, database.jdbi())).start();
    }

    private long runs() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM catalog_sync_run").mapTo(Long.class).one());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 250 && !condition.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
    }

    @Test
    void aRefusedFileIsNotDeliveredAgainUntilItChanges() throws Exception {
        Files.writeString(file, new String(Catalogs.xml(List.of(Catalogs.template("Lo\u200Bfi Beats"))), StandardCharsets.UTF_8));
        try (CatalogWatcher watcher = watch(database.jdbi())) {
            Thread.sleep(2_000);
            assertThat(invocations.get()).isEqualTo(1);
            assertThat(runs()).isEqualTo(1);
            assertThat(out.toString().lines().filter(l -> l.contains("REFUSED"))).singleElement().asString()
                    .contains("row 2, column 'Category Name'", "U+200B (ZERO WIDTH SPACE)");

            Files.write(file, Catalogs.xml(List.of(Catalogs.template("Lofi Beats"))));
            waitFor(() -> out.toString().contains("synced beat_catalog.xml"));
            assertThat(invocations.get()).isEqualTo(2);
        }
    }

    @Test
    void aFileTheDatabaseRefusedIsNotDeliveredAgainUntilItChanges() throws Exception {
        Files.write(file, Catalogs.xml(List.of(Catalogs.template("Alpha Beat"))));
        Jdbi faulty = Database.configure(Jdbi.create(database.dataSource()));
        faulty.addCustomizer(new FailAt(4)); // 1 last run, 2 lock the templates, 3 already synced?, 4 the INSERT
        try (CatalogWatcher watcher = watch(faulty)) {
            Thread.sleep(2_000);
            assertThat(invocations.get()).isEqualTo(1);
            assertThat(runs()).isEqualTo(1);
            assertThat(out.toString().lines().filter(l -> l.contains("NOT SYNCED (Catalog.SyncFailed)"))).singleElement().asString()
                    .contains("the database refused the catalog, nothing changed", "SQLState")
                    .doesNotContain("INSERT", "beat_template");

            Files.write(file, Catalogs.xml(List.of(Catalogs.template("Alpha Beat"), Catalogs.template("Beta Beat"))));
            waitFor(() -> out.toString().contains("synced beat_catalog.xml"));
            assertThat(invocations.get()).isEqualTo(2);
        }
    }
}
