package com.beatgen.catalog;

import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database with the catalog reader, sync and the template repository on it. Held in a {@code @RegisterExtension}
 * instance field it is new for each test and closed after it; property classes close it after their container.
 */
record CatalogDatabase(Database database, CatalogReader reader, CatalogSyncService sync, TemplateRepository templates)
        implements AutoCloseable, AfterEachCallback {

    static CatalogDatabase fresh() {
        Database database = TestDatabase.fresh();
        CatalogReader reader = new CatalogReader();
        return new CatalogDatabase(database, reader, new CatalogSyncService(database.jdbi(), reader, Clock.systemUTC()),
                new TemplateRepository(database.jdbi()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        database.close();
    }
}
