package com.beatgen.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and how to reach MySQL. {@code DATABASE_URL} is either a JDBC URL ({@code jdbc:mysql://host:3306/db})
 * or the seed's URL form ({@code mysql://user:password@host:3306/db}); {@code DATABASE_USER} and
 * {@code DATABASE_PASSWORD} override credentials in the URL. {@code DATABASE_PASSWORD_SECRET_ID}, when set, names the
 * secret the credentials came from: it is read again when the server refuses them (the secret was rotated).
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize,
                             Duration connectTimeout, int connectAttempts, String credentialsSecretId) {

    public static final String URL = "DATABASE_URL";
    public static final String USER = "DATABASE_USER";
    public static final String PASSWORD = "DATABASE_PASSWORD";
    public static final String POOL_SIZE = "DATABASE_POOL_SIZE";
    public static final String CONNECT_TIMEOUT_MS = "DATABASE_CONNECT_TIMEOUT_MS";
    public static final String CONNECT_ATTEMPTS = "DATABASE_CONNECT_ATTEMPTS";
    public static final String PASSWORD_SECRET_ID = PASSWORD + "_SECRET_ID";
    private static final Pattern TLS_REQUIRED = Pattern.compile("[?&]sslMode=(REQUIRED|VERIFY_CA|VERIFY_IDENTITY)(&|$)",
            Pattern.CASE_INSENSITIVE);

    /** Without a secret to read again (local databases, tests). */
    public DatabaseConfig(String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout, int connectAttempts) {
        this(jdbcUrl, user, password, poolSize, connectTimeout, connectAttempts, null);
    }

    public static DatabaseConfig fromEnv(Env env) {
        return parse(env.required(URL), env);
    }

    /** Builds a config for {@code url}, taking the remaining settings (and credential overrides) from {@code env}. */
    public static DatabaseConfig parse(String url, Env env) {
        Credentials fromUrl = new Credentials(null, null);
        String jdbcUrl;
        if (url.startsWith("jdbc:mysql://")) {
            jdbcUrl = url;
        } else if (url.startsWith("mysql://")) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new ConfigException(URL + " is not a valid URL (" + e.getReason() + ")");
            }
            if (uri.getHost() == null) {
                throw new ConfigException(URL + " has no host");
            }
            fromUrl = Credentials.of(uri.getRawUserInfo());
            jdbcUrl = "jdbc:mysql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } else {
            throw new ConfigException(URL + " must start with jdbc:mysql:// or mysql://");
        }
        return new DatabaseConfig(
                jdbcUrl,
                env.optional(USER).orElse(fromUrl.user()),
                env.optional(PASSWORD).orElse(fromUrl.password()),
                env.integer(POOL_SIZE, 1, 1, 50),
                Duration.ofMillis(env.longValue(CONNECT_TIMEOUT_MS, 3_000, 250, 60_000)),
                env.integer(CONNECT_ATTEMPTS, 5, 1, 20),
                env.optional(PASSWORD_SECRET_ID).orElse(null));
    }

    /**
     * Whether a JDBC URL makes Connector/J require TLS ({@code sslMode} {@code REQUIRED}, {@code VERIFY_CA} or
     * {@code VERIFY_IDENTITY}, as the template's URLs do). Without it the driver's default, {@code PREFERRED}, speaks
     * TLS only when the server offers it, which a cold start cannot know before it connects.
     */
    public static boolean requiresTls(String jdbcUrl) {
        return jdbcUrl != null && TLS_REQUIRED.matcher(jdbcUrl).find();
    }

    public DatabaseConfig withPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size, connectTimeout, connectAttempts, credentialsSecretId);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1****") + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + ", connectAttempts=" + connectAttempts
                + (credentialsSecretId == null ? "" : ", credentialsSecretId=" + credentialsSecretId) + "]";
    }

    private record Credentials(String user, String password) {
        static Credentials of(String rawUserInfo) {
            if (rawUserInfo == null || rawUserInfo.isEmpty()) {
                return new Credentials(null, null);
            }
            int colon = rawUserInfo.indexOf(':');
            return colon < 0
                    ? new Credentials(decode(rawUserInfo), null)
                    : new Credentials(decode(rawUserInfo.substring(0, colon)), decode(rawUserInfo.substring(colon + 1)));
        }

        private static String decode(String value) {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}
