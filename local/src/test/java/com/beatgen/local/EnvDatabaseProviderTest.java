package com.beatgen.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beatgen.config.ConfigException;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DATABASE_URL side of the provider, on the test server; the embedded side is exercised by ./beatgen itself. */
class EnvDatabaseProviderTest {

    private final DatabaseConfig server = TestDatabase.freshConfig();

    @Test
    void usesDatabaseUrlOrItsAlias() {
        for (String variable : List.of(DatabaseConfig.URL, EnvDatabaseProvider.URL_ALIAS)) {
            try (LocalDatabase database = new EnvDatabaseProvider(env(variable)).open()) {
                assertEquals(server.jdbcUrl(), database.config().jdbcUrl());
                assertEquals(server.user(), database.config().user());
                assertTrue(server.jdbcUrl().contains(database.description()), database.description());
            }
        }
    }

    @Test
    void aFreshDatabaseIsCreatedOnTheConfiguredServerAndDroppedWhenClosed() {
        String name;
        try (LocalDatabase fresh = new EnvDatabaseProvider(env(DatabaseConfig.URL)).openFresh();
             Database database = Database.connect(fresh.config())) {
            assertNotEquals(server.jdbcUrl(), fresh.config().jdbcUrl());
            database.migrate();
            name = database.jdbi().withHandle(h -> h.createQuery("SELECT DATABASE()").mapTo(String.class).one());
            assertTrue(name.startsWith("beatgen_bench_"), name);
        }
        try (Database database = Database.connect(server)) {
            List<String> left = database.jdbi().withHandle(h -> h.createQuery("SHOW DATABASES").mapTo(String.class).list());
            assertFalse(left.contains(name), left.toString());
        }
    }

    @Test
    void refusesAHomeUnderTheTemporaryDirectoryWhereMariaDb4jWouldDeleteTheData() {
        Env env = new Env(Map.of(EnvDatabaseProvider.HOME, System.getProperty("java.io.tmpdir") + "/beatgen-home"));
        ConfigException e = assertThrows(ConfigException.class, () -> new EnvDatabaseProvider(env).open());
        assertTrue(e.getMessage().startsWith("BEATGEN_HOME must not be under"), e.getMessage());
    }

    private Env env(String urlVariable) {
        Map<String, String> values = new HashMap<>();
        values.put(urlVariable, server.jdbcUrl());
        if (server.user() != null) {
            values.put(DatabaseConfig.USER, server.user());
        }
        if (server.password() != null) {
            values.put(DatabaseConfig.PASSWORD, server.password());
        }
        return new Env(values);
    }
}
