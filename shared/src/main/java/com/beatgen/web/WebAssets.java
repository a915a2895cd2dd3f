package com.beatgen.web;

import com.beatgen.api.ApiResponse;
import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The listening room's static files (classpath {@code /web/}), served on the API's own origin: {@code /} is the page,
 * {@code /web/<file>} its scripts and styles. Where the page lives and where the API is are put into the page when it
 * is served ({@code WEB_BASE_PATH}, {@code WEB_API_URL}: the stage's path in AWS, set by the template at deploy).
 *
 * <p>Caching: every answer has a strong ETag and a conditional request gets 304. The page itself is revalidated on
 * every load ({@code no-cache}); scripts and styles may be reused for {@value #ASSET_MAX_AGE} s. Nothing in front
 * caches them: no CDN, no API Gateway stage cache.
 */
public final class WebAssets {

    public static final String BASE_PATH = "WEB_BASE_PATH";
    public static final String API_URL = "WEB_API_URL";
    static final int ASSET_MAX_AGE = 300;
    static final List<String> FILES = List.of("app.js", "api.js", "app.css");

    private record Asset(String body, String contentType, String etag, String cacheControl) {
    }

    private final Asset page;
    private final Map<String, Asset> files;

    public WebAssets(String basePath, String apiUrl) {
        if (!basePath.startsWith("/") || !basePath.endsWith("/")) {
            throw new ConfigException(BASE_PATH + " must start and end with '/' (got '" + basePath + "')");
        }
        String html = read("index.html").replace("%BASE_PATH%", attribute(basePath)).replace("%API_URL%", attribute(apiUrl));
        this.page = asset(html, "text/html; charset=utf-8", "no-cache");
        Map<String, Asset> files = new LinkedHashMap<>();
        for (String file : FILES) {
            files.put(file, asset(read(file), (file.endsWith(".js") ? "text/javascript" : "text/css") + "; charset=utf-8",
                    "public, max-age=" + ASSET_MAX_AGE));
        }
        this.files = Map.copyOf(files);
    }

    /** Locally the page is at {@code /} and the API at {@code /api}. */
    public static WebAssets fromEnv(Env env) {
        String base = env.string(BASE_PATH, "/");
        return new WebAssets(base, env.string(API_URL, base + "api"));
    }

    /** The page. */
    public ApiResponse page(Optional<String> ifNoneMatch) {
        return answer(page, ifNoneMatch);
    }

    /** A file of the page (e.g. {@code app.js}); 404 for any other name. */
    public ApiResponse file(String name, Optional<String> ifNoneMatch) {
        Asset asset = files.get(name);
        if (asset == null) {
            return new ApiResponse(404, Map.of("Content-Type", ApiResponse.PROBLEM_JSON),
                    "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"No such file of the page\"}");
        }
        return answer(asset, ifNoneMatch);
    }

    private static ApiResponse answer(Asset asset, Optional<String> ifNoneMatch) {
        boolean fresh = ifNoneMatch.map(value -> List.of(value.split("\\s*,\\s*")).contains(asset.etag())).orElse(false);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", asset.etag());
        headers.put("Cache-Control", asset.cacheControl());
        headers.put("X-Content-Type-Options", "nosniff");
        if (fresh) {
            return new ApiResponse(304, headers, "");
        }
        headers.put("Content-Type", asset.contentType());
        return new ApiResponse(200, headers, asset.body());
    }

    private static Asset asset(String body, String contentType, String cacheControl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return new Asset(body, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"", cacheControl);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String file) {
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The page's file web/" + file + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
