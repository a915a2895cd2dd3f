package com.beatgen.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.catalog.Catalogs;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.beatgen.functions.CatalogSyncHandler;
import com.beatgen.storage.S3Clients;
import com.beatgen.testkit.s3.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Seed property 5 locally, through the same path as in AWS: the watched file → the local catalog bucket → a real S3
 * event → CatalogSyncHandler → the database, with the watcher's default timings.
 */
class WatchedCatalogTest {

    private static final Duration PROPERTY_5 = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private Database database;
    private LocalS3 localS3;
    private S3Client s3;
    private Path file;
    private final List<LocalCatalogDelivery.Delivery> deliveries = new CopyOnWriteArrayList<>();
    private CatalogWatcher watcher;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.fresh();
        localS3 = LocalS3.start(null);
        localS3.createBucket(LocalCatalogDelivery.BUCKET);
        s3 = S3Clients.client(new Env(Map.of(S3Clients.ENDPOINT, localS3.endpoint())));
        CatalogObjectSync sync = new CatalogObjectSync(database.jdbi(), s3, 1024 * 1024, Clock.systemUTC());
        file = dir.resolve("beat catalog (local).xml"); // a key that needs encoding in the S3 event
        Files.write(file, Catalogs.xml(List.of(Catalogs.template("Alpha Beat"), Catalogs.template("Beta Beat"))));
        LocalCatalogDelivery delivery = new LocalCatalogDelivery(s3, LocalCatalogDelivery.BUCKET, file.getFileName().toString(),
                new CatalogSyncHandler(() -> sync), Clock.systemUTC());
        watcher = CatalogWatcher.of(file, new CatalogWatcher.Listener() {
            @Override
            public void changed(byte[] content) {
                deliveries.add(delivery.deliver(content));
            }

            @Override
            public void unreadable(String reason) {
                throw new AssertionError(reason);
            }
        }).start();
    }

    @AfterEach
    void stop() {
        watcher.close();
        s3.close();
        localS3.close();
        database.close();
    }

    private List<String> activeIds() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM beat_template WHERE is_active ORDER BY id")
                .mapTo(String.class).list());
    }

    private Duration waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean() && System.nanoTime() - start < PROPERTY_5.multipliedBy(2).toNanos()) {
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void theCatalogAtStartIsSyncedFromARealS3Event() {
        assertThat(deliveries).singleElement().satisfies(d -> assertThat(d.record()).containsEntry("outcome", "SYNCED"));
        assertThat(activeIds()).containsExactly("alpha-beat", "beta-beat");
        String source = database.jdbi().withHandle(h -> h.createQuery("SELECT source FROM catalog_sync_run").mapTo(String.class).one());
        assertThat(source).isEqualTo("s3://beatgen-local-catalog/beat catalog (local).xml");
    }

    @Test
    void property5EveryChangeIsInTheDatabaseWithinFiveSeconds() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String id = "change-" + i;
            Files.write(file, Catalogs.xml(List.of(Catalogs.template("Alpha Beat"), Catalogs.template("Change " + i))));
            Duration took = waitUntil(() -> activeIds().contains(id));
            assertThat(activeIds()).as("change %d", i).containsExactly("alpha-beat", id);
            assertThat(took).as("change %d", i).isLessThan(PROPERTY_5);
            millis.add(took.toMillis());
        }
        System.out.println("WatchedCatalogTest: file change → templates in the database, ms: " + millis);
    }

    @Test
    void anInvalidChangeKeepsThePreviousCatalogAndSaysWhy() throws Exception {
        String broken = new String(Catalogs.xml(List.of(Catalogs.template("Gamma Beat"))), java.nio.charset.StandardCharsets.UTF_8)
                .replace("Gamma Beat", "!!!");
        Files.writeString(file, broken);

        waitUntil(() -> deliveries.size() == 2);

        LocalCatalogDelivery.Delivery refused = deliveries.get(1);
        assertThat(refused.failed()).isTrue();
        assertThat(refused.failure().getClass().getName()).isEqualTo("Catalog.Invalid");
        assertThat(refused.failure().getMessage()).contains("row 2", "Category Name", "has no letters or digits");
        assertThat(activeIds()).containsExactly("alpha-beat", "beta-beat");
    }
}
