package com.beatgen.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.MutableClock;
import com.beatgen.api.ApiFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Property 31 on the real database, with a real HTTP server as the alert webhook. */
class ErrorRateCheckTest {

    private static final Instant NOW = Instant.parse("2026-03-30T12:00:00Z");
    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();
    private static String template;
    private HttpServer server;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);

    @BeforeEach
    void setUp() throws IOException {
        fixture.clear();
        template = fixture.template("Trap", "Dark", "Calm", true);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks/secret-token", exchange -> {
            posted.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private ErrorRateCheck check(Optional<AlertWebhook> webhook) {
        return new ErrorRateCheck(fixture.jdbi, new MutableClock(NOW), webhook);
    }

    private AlertWebhook webhook() {
        return new AlertWebhook(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/secret-token"),
                HttpClient.newHttpClient(), Duration.ofSeconds(5));
    }

    private static void jobs(String status, int count, Instant finishedAt) {
        for (int i = 0; i < count; i++) {
            fixture.job(template, status, finishedAt.minusSeconds(300), finishedAt, "failed".equals(status) ? "Suno.Timeout" : null);
        }
    }

    @Test
    void property31AlertsAboveTwentyPercentAndPostsToTheWebhook() throws Exception {
        jobs("completed", 3, NOW.minusSeconds(600));
        jobs("failed", 1, NOW.minusSeconds(60));

        ErrorRate result = check(Optional.of(webhook())).check();

        assertThat(result.alert()).isTrue();
        assertThat(result.rate()).isEqualTo(0.25);
        assertThat(result.webhookStatus()).isEqualTo(200);
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0)).startsWith("application/json ");
        JsonNode body = Json.MAPPER.readTree(posted.get(0).substring("application/json ".length()));
        assertThat(body.get("text").asText()).contains("1 of 4 jobs failed in the last hour");
        assertThat(body.get("errorRate").asDouble()).isEqualTo(0.25);
        assertThat(body.get("failed").asLong()).isEqualTo(1);
    }

    @Test
    void exactlyTwentyPercentIsNoAlert() {
        jobs("completed", 4, NOW.minusSeconds(600));
        jobs("failed", 1, NOW.minusSeconds(60));

        ErrorRate result = check(Optional.of(webhook())).check();

        assertThat(result.rate()).isEqualTo(0.2);
        assertThat(result.alert()).isFalse();
        assertThat(posted).isEmpty();
    }

    @Test
    void onlyJobsThatFinishedInTheLastHourCount() {
        jobs("failed", 5, NOW.minus(Duration.ofHours(1))); // the window is (now - 1 h, now]
        jobs("failed", 5, NOW.plusSeconds(1));
        fixture.job(template, "processing", NOW.minusSeconds(30), null, null);
        jobs("completed", 1, NOW);

        ErrorRate result = check(Optional.empty()).check();

        assertThat(result.finished()).isEqualTo(1);
        assertThat(result.alert()).isFalse();
    }

    @Test
    void aFailingWebhookDoesNotFailTheCheck() {
        answer.set(500);
        jobs("failed", 1, NOW.minusSeconds(60));

        ErrorRate result = check(Optional.of(webhook())).check();

        assertThat(result.alert()).isTrue();
        assertThat(result.webhookStatus()).isEqualTo(500);
        server.stop(0);
        assertThat(check(Optional.of(webhook())).check().webhookStatus()).isEqualTo(-1);
    }
}
