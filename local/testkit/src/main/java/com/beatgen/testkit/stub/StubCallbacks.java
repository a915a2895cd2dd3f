package com.beatgen.testkit.stub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suno's callbacks, as the service sends them: a while after a task is created it completes and its
 * {@code callBackUrl} gets the {@code complete} callback (snake_case fields). Only to a loopback address: the stub never
 * calls out of the machine.
 */
final class StubCallbacks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StubCallbacks.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stub-suno-callbacks");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Duration delay;

    void setDelay(Duration delay) {
        this.delay = delay;
    }

    /** A task was created: schedules its completion and callback, when callbacks are on and the URL is local. */
    void created(String taskId, String callbackUrl, Supplier<ArrayNode> complete) {
        Duration after = delay;
        if (after == null || !isLoopback(callbackUrl)) {
            return;
        }
        scheduler.schedule(() -> send(taskId, callbackUrl, complete.get()), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void send(String taskId, String url, ArrayNode clips) {
        ObjectNode body = StubJson.MAPPER.createObjectNode().put("code", 200).put("msg", "All generated successfully.");
        ObjectNode data = body.putObject("data").put("callbackType", "complete").put("task_id", taskId);
        data.set("data", clips);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(StubJson.write(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            LOG.debug("Suno callback for task {} answered {}", taskId, response.statusCode());
        } catch (Exception e) {
            LOG.debug("Suno callback for task {} failed: {}", taskId, e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean isLoopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return "127.0.0.1".equals(host) || "localhost".equals(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
