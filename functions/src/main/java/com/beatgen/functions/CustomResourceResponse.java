package com.beatgen.functions;

import com.beatgen.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a CloudFormation custom resource request: a JSON document PUT to the request's pre-signed
 * {@code ResponseURL} (no Content-Type: the URL is signed without one). Without it the stack waits for an hour.
 */
record CustomResourceResponse(String status, String reason, String physicalResourceId, Map<String, Object> data) {

    private static final Logger log = LoggerFactory.getLogger(CustomResourceResponse.class);
    static final int MAX_REASON = 1_000; // the whole response must stay below 4 KB

    static CustomResourceResponse success(String physicalResourceId, Map<String, Object> data) {
        return new CustomResourceResponse("SUCCESS", "OK", physicalResourceId, data);
    }

    static CustomResourceResponse failed(String physicalResourceId, String reason) {
        String shortened = reason == null || reason.isBlank() ? "unknown error" : reason;
        return new CustomResourceResponse("FAILED", shortened.length() > MAX_REASON ? shortened.substring(0, MAX_REASON) + "…" : shortened,
                physicalResourceId, Map.of());
    }

    String body(Map<String, Object> request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", status);
        body.put("Reason", reason);
        body.put("PhysicalResourceId", physicalResourceId);
        body.put("StackId", request.get("StackId"));
        body.put("RequestId", request.get("RequestId"));
        body.put("LogicalResourceId", request.get("LogicalResourceId"));
        body.put("NoEcho", false);
        body.put("Data", data);
        return Json.write(body);
    }

    /** PUTs the answer to the request's ResponseURL; three tries, since an unanswered request blocks the stack. */
    void send(Map<String, Object> request, HttpClient http) {
        HttpRequest put = HttpRequest.newBuilder(URI.create(String.valueOf(request.get("ResponseURL"))))
                .timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(body(request)))
                .build();
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                int code = http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (code / 100 == 2) {
                    log.info("Answered CloudFormation {} for {}", status, request.get("LogicalResourceId"));
                    return;
                }
                log.warn("CloudFormation's response URL answered HTTP {} (attempt {})", code, attempt);
            } catch (IOException e) {
                log.warn("CloudFormation's response URL not reachable (attempt {}): {}", attempt, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while answering CloudFormation", e);
            }
            if (attempt < 3) {
                sleep(attempt * 1_000L);
            }
        }
        throw new IllegalStateException("Could not answer CloudFormation for " + request.get("LogicalResourceId"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
