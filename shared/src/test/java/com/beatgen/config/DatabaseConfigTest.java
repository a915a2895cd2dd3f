package com.beatgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void acceptsTheSeedsUrlFormWithEncodedCredentials() {
        DatabaseConfig config = DatabaseConfig.fromEnv(new Env(Map.of(
                "DATABASE_URL", "mysql://beat%40gen:p%40ss+word@db.example.com:3307/beats?sslMode=REQUIRED")));
        assertEquals("jdbc:mysql://db.example.com:3307/beats?sslMode=REQUIRED", config.jdbcUrl());
        assertEquals("beat@gen", config.user());
        assertEquals("p@ss+word", config.password());
    }

    @Test
    void acceptsJdbcUrlsAndLetsVariablesOverrideCredentialsAndPoolSettings() {
        DatabaseConfig config = DatabaseConfig.fromEnv(new Env(Map.of(
                "DATABASE_URL", "jdbc:mysql://localhost:3306/beats",
                "DATABASE_USER", "app", "DATABASE_PASSWORD", "secret",
                "DATABASE_POOL_SIZE", "3", "DATABASE_CONNECT_TIMEOUT_MS", "1500", "DATABASE_CONNECT_ATTEMPTS", "2")));
        assertEquals("jdbc:mysql://localhost:3306/beats", config.jdbcUrl());
        assertEquals("app", config.user());
        assertEquals(3, config.poolSize());
        assertEquals(Duration.ofMillis(1500), config.connectTimeout());
        assertEquals(2, config.connectAttempts());
    }

    @Test
    void defaultsSuitLambda() {
        DatabaseConfig config = DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_URL", "jdbc:mysql://h/db")));
        assertEquals(1, config.poolSize());
        assertEquals(5, config.connectAttempts(), "seed: initial connection retried up to 5 times");
        assertEquals(Duration.ofSeconds(3), config.connectTimeout());
    }

    @Test
    void requiresTlsOnlyWhenTheUrlsSslModeSaysSo() {
        for (String url : List.of("jdbc:mysql://db:3306/beatgen?sslMode=REQUIRED",
                "jdbc:mysql://db/beatgen?useUnicode=true&sslmode=verify_identity", "jdbc:mysql://db/b?sslMode=VERIFY_CA&x=1")) {
            assertTrue(DatabaseConfig.requiresTls(url), url);
        }
        for (String url : Arrays.asList("jdbc:mysql://db:3306/beatgen", "jdbc:mysql://db/beatgen?sslMode=PREFERRED",
                "jdbc:mysql://db/beatgen?sslMode=DISABLED", "jdbc:mysql://db/beatgen?xsslMode=REQUIRED",
                "jdbc:mysql://db/beatgen?sslMode=REQUIREDX", null)) {
            assertFalse(DatabaseConfig.requiresTls(url), url);
        }
    }

    @Test
    void namesTheVariableThatIsWrong() {
        assertEquals("DATABASE_URL is not set", assertThrows(ConfigException.class,
                () -> DatabaseConfig.fromEnv(new Env(Map.of()))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> DatabaseConfig.fromEnv(new Env(Map.of(
                "DATABASE_URL", "postgres://h/db")))).getMessage().startsWith("DATABASE_URL must start with"));
        assertEquals("DATABASE_POOL_SIZE must be a whole number, was 'ten'", assertThrows(ConfigException.class,
                () -> DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_URL", "jdbc:mysql://h/db", "DATABASE_POOL_SIZE", "ten")))).getMessage());
        assertEquals("DATABASE_POOL_SIZE must be between 1 and 50, was 0", assertThrows(ConfigException.class,
                () -> DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_URL", "jdbc:mysql://h/db", "DATABASE_POOL_SIZE", "0")))).getMessage());
    }

    @Test
    void neverPrintsThePassword() {
        DatabaseConfig config = DatabaseConfig.fromEnv(new Env(Map.of(
                "DATABASE_URL", "jdbc:mysql://h/db?user=u&password=hunter2", "DATABASE_PASSWORD", "s3cr3t")));
        assertFalse(config.toString().contains("hunter2"), config.toString());
        assertFalse(config.toString().contains("s3cr3t"), config.toString());
    }
}
