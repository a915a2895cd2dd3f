package com.beatgen.ops;

import static com.beatgen.catalog.Catalogs.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.catalog.Catalogs;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.FailAt;
import com.beatgen.db.TestDatabase;
import com.beatgen.storage.S3Clients;
import com.beatgen.testkit.s3.LocalS3;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The deploy step as MigrationHandler runs it: a fresh database migrated, then the catalog in the bucket loaded. */
class MigrationsTest {

    private static LocalS3 localS3;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        localS3 = LocalS3.start(null);
        s3 = S3Clients.client(new Env(Map.of(S3Clients.ENDPOINT, localS3.endpoint())));
    }

    @AfterAll
    static void stop() {
        s3.close();
        localS3.close();
    }

    private static Env env(DatabaseConfig database, String bucket) {
        Map<String, String> values = new HashMap<>();
        values.put(DatabaseConfig.URL, database.jdbcUrl());
        if (database.user() != null) {
            values.put(DatabaseConfig.USER, database.user());
        }
        if (database.password() != null) {
            values.put(DatabaseConfig.PASSWORD, database.password());
        }
        values.put(S3Clients.ENDPOINT, localS3.endpoint());
        if (bucket != null) {
            values.put(CatalogObjectSync.BUCKET, bucket);
        }
        return new Env(values);
    }

    private static List<String> active(DatabaseConfig config) {
        try (Database database = Database.connect(config)) {
            return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM beat_template WHERE is_active ORDER BY id")
                    .mapTo(String.class).list());
        }
    }

    private static long runs(DatabaseConfig config) {
        try (Database database = Database.connect(config)) {
            return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM catalog_sync_run").mapTo(Long.class).one());
        }
    }

    @Test
    void aDeployMigratesThenLoadsTheCatalogAlreadyInTheBucketOnce() {
        localS3.createBucket("catalog-first-load");
        s3.putObject(b -> b.bucket("catalog-first-load").key(CatalogObjectSync.DEFAULT_KEY),
                RequestBody.fromBytes(Catalogs.xml(List.of(template("Alpha Beat"), template("Beta Beat")))));
        DatabaseConfig config = TestDatabase.freshConfig();

        Migrations.Result first = Migrations.deploy(env(config, "catalog-first-load"));

        assertThat(first.applied()).isPositive();
        assertThat(active(config)).containsExactly("alpha-beat", "beta-beat");
        Migrations.Result again = Migrations.deploy(env(config, "catalog-first-load"));
        assertThat(again.applied()).isZero();
        assertThat(again.schemaVersion()).isEqualTo(first.schemaVersion());
        assertThat(runs(config)).as("the second deploy saw the same version: no new sync run").isEqualTo(1);
    }

    @Test
    void anInvalidOrMissingCatalogNeverFailsTheDeployAndKeepsTheDatabase() {
        localS3.createBucket("catalog-invalid");
        DatabaseConfig config = TestDatabase.freshConfig();
        Migrations.deploy(env(config, "catalog-invalid"));
        assertThat(active(config)).as("no catalog in the bucket yet").isEmpty();
        assertThat(runs(config)).isZero();

        s3.putObject(b -> b.bucket("catalog-invalid").key(CatalogObjectSync.DEFAULT_KEY), RequestBody.fromBytes(
                Catalogs.xml(List.of(template("Alpha Beat")))));
        Migrations.deploy(env(config, "catalog-invalid"));
        s3.putObject(b -> b.bucket("catalog-invalid").key(CatalogObjectSync.DEFAULT_KEY),
                RequestBody.fromString("<Workbook><broken", StandardCharsets.UTF_8));

        Migrations.deploy(env(config, "catalog-invalid"));

        assertThat(active(config)).as("the previous catalog stays").containsExactly("alpha-beat");
        try (Database database = Database.connect(config)) {
            String last = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT status FROM catalog_sync_run ORDER BY id DESC LIMIT 1").mapTo(String.class).one());
            assertThat(last).as("the refused version is recorded").isEqualTo("failed");
        }
        Migrations.deploy(env(config, "no-such-bucket"));
        assertThat(active(config)).containsExactly("alpha-beat");
    }

    @Test
    void aCatalogTheDatabaseRefusesIsNamedWithoutSqlAndNeverFailsTheDeploy() {
        localS3.createBucket("catalog-db-refuses");
        s3.putObject(b -> b.bucket("catalog-db-refuses").key(CatalogObjectSync.DEFAULT_KEY),
                RequestBody.fromBytes(Catalogs.xml(List.of(template("Alpha Beat")))));
        try (Database database = TestDatabase.fresh()) {
            Jdbi faulty = Database.configure(Jdbi.create(database.dataSource()));
            faulty.addCustomizer(new FailAt(4)); // 1 last run, 2 lock the templates, 3 already synced?, 4 the INSERT
            String outcome = Migrations.loadCatalog(new CatalogObjectSync(faulty, s3, 1024 * 1024, Clock.systemUTC()),
                    "catalog-db-refuses", CatalogObjectSync.DEFAULT_KEY);
            assertThat(outcome).startsWith("not synced s3://catalog-db-refuses/beat_catalog.xml: Catalog.SyncFailed: "
                    + "the database refused the catalog, nothing changed: injected failure at statement 4").doesNotContain("INSERT");
        }
    }

    @Test
    void withoutACatalogBucketADeployOnlyMigrates() {
        DatabaseConfig config = TestDatabase.freshConfig();
        assertThat(Migrations.deploy(env(config, null)).applied()).isPositive();
        assertThat(runs(config)).isZero();
    }
}
