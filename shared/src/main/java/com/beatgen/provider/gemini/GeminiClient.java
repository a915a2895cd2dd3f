package com.beatgen.provider.gemini;

import com.beatgen.Json;
import com.beatgen.provider.InvalidResponseException;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Gemini {@code generateContent} with JSON output constrained by a response schema; every answer validated. */
public final class GeminiClient {

    private static final Provider GEMINI = Provider.GEMINI;

    private final ProviderHttp http;
    private final String apiKey;
    private final URI endpoint;

    public GeminiClient(ProviderHttp http, String baseUrl, String model, String apiKey) {
        this.http = http;
        this.apiKey = apiKey;
        this.endpoint = URI.create(baseUrl + "/v1beta/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":generateContent");
        http.redactor().add(apiKey);
    }

    /**
     * Asks for a JSON object matching {@code responseSchema} (Gemini's schema dialect: {@code "type":"OBJECT"} …).
     *
     * @return the validated object
     */
    public JsonNode generateJson(String systemInstruction, String prompt, ObjectNode responseSchema) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("systemInstruction").putArray("parts").addObject().put("text", systemInstruction);
        ObjectNode content = body.putArray("contents").addObject();
        content.put("role", "user");
        content.putArray("parts").addObject().put("text", prompt);
        ObjectNode config = body.putObject("generationConfig");
        config.put("responseMimeType", "application/json");
        config.set("responseSchema", responseSchema);
        return http.call(GEMINI, "POST", endpoint, Map.of("x-goog-api-key", apiKey, "Content-Type", "application/json"),
                Json.write(body), response -> interpret(response, responseSchema));
    }

    private static JsonNode interpret(ProviderHttp.Response response, JsonNode schema) {
        if (response.status() != 200) {
            throw error(response);
        }
        JsonNode answer = ProviderJson.parse(GEMINI, response.body(), "response body");
        String blockReason = answer.path("promptFeedback").path("blockReason").asText(null);
        if (blockReason != null) {
            throw new RejectedException(GEMINI, 200, "prompt blocked: " + blockReason);
        }
        JsonNode candidate = answer.path("candidates").path(0);
        if (candidate.isMissingNode()) {
            throw new InvalidResponseException(GEMINI, "no candidates in the answer");
        }
        String finishReason = candidate.path("finishReason").asText("");
        if (!"STOP".equals(finishReason)) {
            if (List.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII").contains(finishReason)) {
                throw new RejectedException(GEMINI, 200, "answer withheld: finishReason " + finishReason);
            }
            throw new InvalidResponseException(GEMINI, "unusable answer: finishReason " + (finishReason.isEmpty() ? "missing" : finishReason));
        }
        String text = candidate.path("content").path("parts").path(0).path("text").asText(null);
        if (text == null) {
            throw new InvalidResponseException(GEMINI, "the answer has no text part");
        }
        return ProviderJson.parseMatching(GEMINI, text, schema);
    }

    private static RuntimeException error(ProviderHttp.Response response) {
        JsonNode error = ProviderJson.parseQuietly(response.body()).path("error");
        String status = error.path("status").asText("");
        String message = "HTTP " + response.status() + (status.isEmpty() ? "" : " " + status) + ": "
                + error.path("message").asText("no message");
        int code = response.status();
        if (code == 429) {
            Duration retryDelay = retryDelay(error);
            if (retryDelay == null && error.path("message").asText("").toLowerCase().contains("quota")) {
                return new OutOfCreditException(GEMINI, code, message);
            }
            return new TransientProviderException(GEMINI, code, message, retryDelay, null);
        }
        if (code >= 500) {
            return new TransientProviderException(GEMINI, code, message, null, null);
        }
        if (code == 401 || code == 403) {
            return new UnauthorizedException(GEMINI, code, message);
        }
        return new RejectedException(GEMINI, code, message);
    }

    /** {@code details[].retryDelay} of the google.rpc.RetryInfo detail, e.g. "22s" or "1.5s". */
    private static Duration retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String delay = detail.path("retryDelay").asText("");
            if (delay.endsWith("s")) {
                try {
                    return Duration.ofMillis((long) (Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000));
                } catch (NumberFormatException ignored) {
                    // an unreadable hint is no hint
                }
            }
        }
        return null;
    }
}
