package com.beatgen.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.beatgen.catalog.CatalogReader;
import com.beatgen.catalog.CatalogSyncService;
import com.beatgen.catalog.Catalogs;
import com.beatgen.catalog.SyncResult;
import com.beatgen.catalog.SyncSource;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The schema and a sync on a real MySQL 8.4 (the RDS engine; the class name predates 8.4), whatever backend the other tests use.
 * Skipped where Docker is not available; the embedded MariaDB then covers the same SQL.
 */
@Testcontainers(disabledWithoutDocker = true)
class MySql80CompatibilityTest {

    @Container
    private static final MySQLContainer<?> MYSQL = new MySQLContainer<>("mysql:8.4");

    @Test
    void migratesAndSyncsOnMySql80() {
        DatabaseConfig config = DatabaseConfig.parse(MYSQL.getJdbcUrl(), new Env(Map.of(
                "DATABASE_USER", MYSQL.getUsername(), "DATABASE_PASSWORD", MYSQL.getPassword())));
        try (Database database = Database.connect(config)) {
            database.migrate();
            CatalogSyncService sync = new CatalogSyncService(database.jdbi(), new CatalogReader(), Clock.systemUTC());
            SyncResult result = sync.sync(Catalogs.stream(List.of(Catalogs.template("Đêm Buồn Piano"))), SyncSource.file("t.xml"));
            assertEquals(1, result.added());
            assertEquals(0, sync.sync(Catalogs.stream(List.of(Catalogs.template("Đêm Buồn Piano"))), SyncSource.file("t.xml")).writes());
        }
    }
}
