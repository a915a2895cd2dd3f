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
import com.beatgen.db.DatabaseUnavailableException;
import com.beatgen.db.TestDatabase;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DATABASE_URL side of the provider, on the test server; the embedded side with its home lock, on a home in /tmp. */
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

    /** A home under /tmp (JUnit's temp dir) for the embedded side; one for the class, its server is unpacked once. */
    @TempDir
    static Path home;

    @Test
    void whileUpOrServeHoldsTheHomeOtherCommandsJoinItsDatabaseAndASecondServerIsRefusedNamingTheHolder() throws Exception {
        EnvDatabaseProvider provider = new EnvDatabaseProvider(new Env(Map.of(EnvDatabaseProvider.HOME, home.toString())));
        LocalDatabase shared = provider.openShared();
        try (LocalDatabase up = shared) {
            HomeLock.Holder holder = HomeLock.holder(home).orElseThrow();
            assertEquals(ProcessHandle.current().pid(), holder.pid());
            assertTrue(holder.shared());
            try (LocalDatabase run = provider.open(); Database database = Database.connect(run.config())) {
                assertEquals(up.config().jdbcUrl(), run.config().jdbcUrl());
                assertTrue(run.description().contains("shared by process " + ProcessHandle.current().pid()), run.description());
                assertEquals(1, (int) database.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()));
            }
            HomeInUseException second = assertThrows(HomeInUseException.class, provider::openShared);
            assertTrue(second.getMessage().contains("in use by process " + ProcessHandle.current().pid()), second.getMessage());
        }
        shared.close();   // closed twice, as by the local stack and by the command: harmless
        assertFalse(HomeLock.holder(home).isPresent(), "released with the database");
        try (LocalDatabase run = provider.open()) {
            HomeInUseException busy = assertThrows(HomeInUseException.class, provider::open);
            assertTrue(busy.getMessage().contains("process " + ProcessHandle.current().pid()) && busy.getMessage().contains("not shared"),
                    busy.getMessage());
        }
    }

    @Test
    void aTlsDatabaseRefusesPlainConnectionsTheFunctionsUrlSpeaksTlsAndAVerifyingOneRefusesAnUntrustedCertificate() throws Exception {
        try (LocalDatabase fresh = new EnvDatabaseProvider(new Env(Map.of())).openFreshOverTls()) {
            DatabaseConfig config = fresh.config();
            assertTrue(config.jdbcUrl().endsWith("?sslMode=REQUIRED"), config.jdbcUrl());
            try (Database database = Database.connect(config)) {
                String version = database.jdbi().withHandle(h -> h.createQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")
                        .map((rs, ctx) -> rs.getString(2)).one());
                assertTrue(version.startsWith("TLSv1."), version);
            }
            String plain = config.jdbcUrl().replace("sslMode=REQUIRED", "sslMode=DISABLED");
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(plain, config.user(), config.password()).close());
            assertTrue(refused.getMessage().contains("secure transport"), refused.getMessage());
            // the template's URL through RDS Proxy: the server's certificate is checked against the JVM's trust store,
            // where this server's self-signed one is not, so the pool gets no connection (ACM's, the proxy's, is there)
            DatabaseConfig verifying = new DatabaseConfig(config.jdbcUrl().replace("sslMode=REQUIRED", "sslMode=VERIFY_IDENTITY"),
                    config.user(), config.password(), 1, config.connectTimeout(), 1);
            DatabaseUnavailableException unverified = assertThrows(DatabaseUnavailableException.class, () -> Database.connect(verifying).close());
            assertTrue(causes(unverified).anyMatch(SSLHandshakeException.class::isInstance), unverified.toString());
            assertTrue(unverified.getMessage().contains("(CertPathValidatorException: "),
                    "the reason, not only the pool's timeout: " + unverified.getMessage());
        }
        ConfigException configured = assertThrows(ConfigException.class,
                () -> new EnvDatabaseProvider(env(DatabaseConfig.URL)).openFreshOverTls());
        assertTrue(configured.getMessage().contains("sslMode=REQUIRED"), configured.getMessage());
    }

    @Test
    void theProjectsFilesAndDefaultHomeAreFoundFromAnyDirectory() {
        Env env = new Env(Map.of(ProjectFiles.PROJECT, "/opt/beatgen"));
        assertEquals(Path.of("/opt/beatgen/.beatgen"), EnvDatabaseProvider.home(env));
        assertEquals(Path.of("/opt/beatgen/statemachine/beat-generation.asl.json"),
                ProjectFiles.path(env, "BEATGEN_STATE_MACHINE", "statemachine/beat-generation.asl.json"));
        Env configured = new Env(Map.of(ProjectFiles.PROJECT, "/opt/beatgen", "BEATGEN_STATE_MACHINE", "mine.json"));
        assertEquals(Path.of("mine.json"), ProjectFiles.path(configured, "BEATGEN_STATE_MACHINE", "statemachine/x.json"));
    }

    private static Stream<Throwable> causes(Throwable error) {
        return Stream.iterate(error, Objects::nonNull, Throwable::getCause);
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
