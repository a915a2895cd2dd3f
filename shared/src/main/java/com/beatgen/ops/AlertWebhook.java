package com.beatgen.ops;

import com.beatgen.Json;
import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts an alert as JSON to {@code ALERT_WEBHOOK_URL} (Slack-compatible: a {@code text} field plus the details).
 * A webhook that fails is logged, never thrown: the alert itself has already been logged. The URL often carries a
 * token in its path, so only its host is ever logged.
 */
public final class AlertWebhook {

    public static final String VARIABLE = "ALERT_WEBHOOK_URL";
    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;

    public AlertWebhook(URI url, HttpClient http, Duration timeout) {
        this.url = url;
        this.http = http;
        this.timeout = timeout;
    }

    /** The webhook of {@code ALERT_WEBHOOK_URL}, if set (http or https only). */
    public static Optional<AlertWebhook> fromEnv(Env env) {
        return env.optional(VARIABLE).map(raw -> {
            URI uri;
            try {
                uri = URI.create(raw);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(VARIABLE + " is not a valid URL");
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(VARIABLE + " must be an http(s) URL");
            }
            Duration timeout = Duration.ofSeconds(5);
            return new AlertWebhook(uri, HttpClient.newBuilder().connectTimeout(timeout).build(), timeout);
        });
    }

    /** @return the HTTP status, or -1 when the webhook could not be reached */
    public int post(String text, Map<String, Object> details) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("text", text);
        body.putAll(details);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                log.warn("Alert webhook at {} answered HTTP {}", url.getHost(), status);
            }
            return status;
        } catch (IOException e) {
            log.warn("Alert webhook at {} not reachable: {}", url.getHost(), e.getClass().getSimpleName());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
