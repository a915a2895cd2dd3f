package com.beatgen.provider.suno;

import com.beatgen.Json;
import com.beatgen.provider.InvalidResponseException;
import com.beatgen.provider.KeyRateLimitedException;
import com.beatgen.provider.OutOfCreditException;
import com.beatgen.provider.Provider;
import com.beatgen.provider.ProviderHttp;
import com.beatgen.provider.ProviderJson;
import com.beatgen.provider.RejectedException;
import com.beatgen.provider.TransientProviderException;
import com.beatgen.provider.UnauthorizedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Suno in the sunoapi.org shape: generate, record-info polling, remaining credits. The API reports errors in the
 * JSON {@code code} field, often with HTTP 200; both are read. The key is passed per call: the pool decides.
 */
public final class SunoClient {

    private static final Provider SUNO = Provider.SUNO;
    private static final Set<String> IN_PROGRESS = Set.of("PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS");
    private static final Set<String> FAILED = Set.of("CREATE_TASK_FAILED", "GENERATE_AUDIO_FAILED", "CALLBACK_EXCEPTION",
            "SENSITIVE_WORD_ERROR");

    private final ProviderHttp http;
    private final String baseUrl;
    private final String model;

    public SunoClient(ProviderHttp http, String baseUrl, String model) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.model = model;
    }

    /** Submits an instrumental generation; returns the task id. */
    public String generate(String apiKey, SunoRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("customMode", true);
        body.put("instrumental", true);
        body.put("model", model);
        body.put("style", request.style());
        body.put("title", request.title());
        body.put("callBackUrl", request.callbackUrl());
        return http.call(SUNO, "POST", URI.create(baseUrl + "/api/v1/generate"), headers(apiKey), Json.write(body), response -> {
            String taskId = data(response).path("taskId").asText("");
            if (taskId.isBlank()) {
                throw new InvalidResponseException(SUNO, "generate answered without a taskId");
            }
            return taskId;
        });
    }

    public SunoTask recordInfo(String apiKey, String taskId) {
        URI uri = URI.create(baseUrl + "/api/v1/generate/record-info?taskId=" + URLEncoder.encode(taskId, StandardCharsets.UTF_8));
        return http.call(SUNO, "GET", uri, headers(apiKey), null, response -> task(taskId, data(response)));
    }

    /** Remaining credits of the key. */
    public int credits(String apiKey) {
        return http.call(SUNO, "GET", URI.create(baseUrl + "/api/v1/generate/credit"), headers(apiKey), null, response -> {
            JsonNode data = data(response);
            if (!data.canConvertToInt()) {
                throw new InvalidResponseException(SUNO, "credit answered without a number");
            }
            return data.asInt();
        });
    }

    private static SunoTask task(String taskId, JsonNode data) {
        String status = data.path("status").asText("");
        String error = data.path("errorMessage").asText(null);
        List<SunoClip> clips = new ArrayList<>();
        for (JsonNode clip : data.path("response").path("sunoData")) {
            clips.add(new SunoClip(clip.path("id").asText(null), clip.path("audioUrl").asText(""), clip.path("title").asText(null),
                    clip.path("tags").asText(null), clip.hasNonNull("duration") ? clip.get("duration").asDouble() : null,
                    clip.path("imageUrl").asText(null)));
        }
        if (FAILED.contains(status)) {
            return new SunoTask(taskId, SunoTask.Status.FAILED, status, clips, error);
        }
        if ("SUCCESS".equals(status)) {
            boolean downloadable = !clips.isEmpty() && clips.stream().allMatch(c -> c.audioUrl().startsWith("http"));
            // audio URLs can lag behind SUCCESS: not done until every clip can be downloaded
            return new SunoTask(taskId, downloadable ? SunoTask.Status.COMPLETE : SunoTask.Status.IN_PROGRESS, status, clips, error);
        }
        if (IN_PROGRESS.contains(status)) {
            return new SunoTask(taskId, SunoTask.Status.IN_PROGRESS, status, clips, error);
        }
        throw new InvalidResponseException(SUNO, "record-info answered with an unknown status '" + status + "'");
    }

    /** The {@code data} of a successful answer, or the error class its code stands for. */
    private static JsonNode data(ProviderHttp.Response response) {
        int status = response.status();
        if (status == 429 || status >= 500) {
            throw new TransientProviderException(SUNO, status, "HTTP " + status, null, null);
        }
        if (status == 401 || status == 403) {
            throw new UnauthorizedException(SUNO, status, "HTTP " + status);
        }
        if (status != 200) {
            throw new RejectedException(SUNO, status, "HTTP " + status);
        }
        JsonNode body = ProviderJson.parse(SUNO, response.body(), "response body");
        int code = body.path("code").asInt(-1);
        String message = "code " + code + ": " + body.path("msg").asText("no message");
        return switch (code) {
            case 200 -> body.path("data");
            case 405, 430 -> throw new KeyRateLimitedException(SUNO, code, message);
            case 429 -> throw new OutOfCreditException(SUNO, code, message);
            case 401 -> throw new UnauthorizedException(SUNO, code, message);
            case 455, 500 -> throw new TransientProviderException(SUNO, code, message, null, null);
            case -1 -> throw new InvalidResponseException(SUNO, "answer without a code");
            default -> throw new RejectedException(SUNO, code, message);
        };
    }

    private static Map<String, String> headers(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey, "Content-Type", "application/json", "Accept", "application/json");
    }
}
