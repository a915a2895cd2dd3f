package com.beatgen.provider.openai;

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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** OpenAI chat completions with strict structured output (a JSON schema); every answer validated. */
public final class OpenAiClient {

    private static final Provider OPENAI = Provider.OPENAI;

    private final ProviderHttp http;
    private final String apiKey;
    private final String model;
    private final URI endpoint;

    public OpenAiClient(ProviderHttp http, String baseUrl, String model, String apiKey) {
        this.http = http;
        this.apiKey = apiKey;
        this.model = model;
        this.endpoint = URI.create(baseUrl + "/v1/chat/completions");
        http.redactor().add(apiKey);
    }

    /**
     * Asks for a JSON object matching {@code schema} (strict mode: every property required, no additional ones).
     *
     * @return the validated object
     */
    public JsonNode completeJson(String system, String user, String schemaName, ObjectNode schema) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        ObjectNode format = body.putObject("response_format");
        format.put("type", "json_schema");
        ObjectNode jsonSchema = format.putObject("json_schema");
        jsonSchema.put("name", schemaName);
        jsonSchema.put("strict", true);
        jsonSchema.set("schema", schema);
        return http.call(OPENAI, "POST", endpoint,
                Map.of("Authorization", "Bearer " + apiKey, "Content-Type", "application/json"),
                Json.write(body), response -> interpret(response, schema));
    }

    private static JsonNode interpret(ProviderHttp.Response response, JsonNode schema) {
        if (response.status() != 200) {
            throw error(response);
        }
        JsonNode choice = ProviderJson.parse(OPENAI, response.body(), "response body").path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new InvalidResponseException(OPENAI, "no choices in the answer");
        }
        JsonNode message = choice.path("message");
        if (message.hasNonNull("refusal")) {
            throw new RejectedException(OPENAI, 200, "the model refused: " + message.get("refusal").asText());
        }
        String finishReason = choice.path("finish_reason").asText("");
        if ("content_filter".equals(finishReason)) {
            throw new RejectedException(OPENAI, 200, "answer withheld by the content filter");
        }
        if (!"stop".equals(finishReason)) {
            throw new InvalidResponseException(OPENAI, "unusable answer: finish_reason " + (finishReason.isEmpty() ? "missing" : finishReason));
        }
        return ProviderJson.parseMatching(OPENAI, message.path("content").asText(null), schema);
    }

    private static RuntimeException error(ProviderHttp.Response response) {
        JsonNode error = ProviderJson.parseQuietly(response.body()).path("error");
        String code = error.path("code").asText("");
        String message = "HTTP " + response.status() + (code.isEmpty() ? "" : " " + code) + ": " + error.path("message").asText("no message");
        int status = response.status();
        if (status == 429 && "insufficient_quota".equals(code)) {
            return new OutOfCreditException(OPENAI, status, message);
        }
        if (status == 429 || status >= 500) {
            return new TransientProviderException(OPENAI, status, message, retryAfter(response), null);
        }
        if (status == 401 || status == 403) {
            return new UnauthorizedException(OPENAI, status, message);
        }
        return new RejectedException(OPENAI, status, message);
    }

    private static Duration retryAfter(ProviderHttp.Response response) {
        String header = response.header("retry-after");
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(header.strip()) * 1000));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to our own backoff
        }
    }
}
