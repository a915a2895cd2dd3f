package com.beatgen.testkit.stub;

import static com.beatgen.testkit.stub.ProviderStub.json;
import static com.beatgen.testkit.stub.ProviderStub.object;

import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code POST /v1beta/models/{model}:generateContent} with a {@code responseSchema}, Google's error shape. */
final class GeminiApi {

    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+)(?::|%3A)generateContent");

    private final ProviderStub stub;

    GeminiApi(ProviderStub stub) {
        this.stub = stub;
    }

    ResponseDefinitionBuilder handle(Request request, String path) {
        Matcher route = PATH.matcher(path);
        if (!RequestMethod.POST.equals(request.getMethod()) || !route.matches()) {
            return error(404, "NOT_FOUND", "Requested entity was not found.");
        }
        String key = request.getHeader("x-goog-api-key");
        if (key == null || key.isBlank()) {
            return error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without"
                    + " established identity). Please use API Key or other form of API consumer identity to call"
                    + " this API.");
        }
        JsonNode body = ProviderStub.parse(request);
        if (body == null || !body.path("contents").isArray() || body.path("contents").isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "Invalid JSON payload received: contents is not specified.");
        }
        String model = route.group(1);
        Fault fault = stub.takeFault(Api.GEMINI, null, f -> true);
        if (fault == null) {
            return json(200, answer(body, model));
        }
        return switch (fault) {
            case RATE_LIMITED -> rateLimited();
            case OUT_OF_CREDIT -> error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check"
                    + " your plan and billing details. For more information on this error, head to:"
                    + " https://ai.google.dev/gemini-api/docs/rate-limits.");
            case SERVER_ERROR -> error(500, "INTERNAL", "An internal error has occurred. Please retry or report in"
                    + " https://developers.generativeai.google/guide/troubleshooting");
            case UNAVAILABLE -> error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            case UNAUTHORIZED -> error(403, "PERMISSION_DENIED", "The caller does not have permission");
            case TIMEOUT -> json(200, answer(body, model)).withFixedDelay(stub.timeoutDelayMillis());
            case MALFORMED_BODY -> ProviderStub.truncated(answer(body, model));
            case BLOCKED -> json(200, blocked(body, model));
            default -> throw new IllegalStateException(fault + " is not a Gemini fault");
        };
    }

    private static ObjectNode answer(JsonNode body, String model) {
        JsonNode config = body.path("generationConfig");
        JsonNode schema = config.has("responseSchema") ? config.get("responseSchema") : config.get("responseJsonSchema");
        String prompt = prompt(body);
        String text = schema == null ? FakeContent.sentence() : FakeContent.text(FakeContent.valueFor(schema, prompt));
        ObjectNode answer = object();
        ObjectNode candidate = answer.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", text);
        content.put("role", "model");
        candidate.put("finishReason", "STOP");
        candidate.put("index", 0);
        int promptTokens = tokens(prompt);
        int answerTokens = tokens(text);
        answer.putObject("usageMetadata")
                .put("promptTokenCount", promptTokens)
                .put("candidatesTokenCount", answerTokens)
                .put("totalTokenCount", promptTokens + answerTokens);
        answer.put("modelVersion", model);
        answer.put("responseId", ProviderStub.hex32().substring(0, 22));
        return answer;
    }

    /** The prompt was blocked: no candidates, {@code promptFeedback.blockReason}. */
    private static ObjectNode blocked(JsonNode body, String model) {
        ObjectNode answer = object();
        ObjectNode feedback = answer.putObject("promptFeedback").put("blockReason", "SAFETY");
        feedback.putArray("safetyRatings").addObject()
                .put("category", "HARM_CATEGORY_DANGEROUS_CONTENT")
                .put("probability", "HIGH")
                .put("blocked", true);
        int promptTokens = tokens(prompt(body));
        answer.putObject("usageMetadata").put("promptTokenCount", promptTokens).put("totalTokenCount", promptTokens);
        answer.put("modelVersion", model);
        return answer;
    }

    private static String prompt(JsonNode body) {
        StringBuilder text = new StringBuilder();
        for (JsonNode content : body.path("contents")) {
            if (!"model".equals(content.path("role").asText())) {
                for (JsonNode part : content.path("parts")) {
                    text.append(part.path("text").asText()).append(' ');
                }
            }
        }
        return text.toString();
    }

    private static int tokens(String text) {
        return Math.max(1, text.length() / 4);
    }

    private static ResponseDefinitionBuilder rateLimited() {
        ObjectNode body = errorBody(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).");
        ((ObjectNode) body.get("error")).putArray("details").addObject()
                .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                .put("retryDelay", "2s");
        return json(429, body);
    }

    private static ResponseDefinitionBuilder error(int code, String status, String message) {
        return json(code, errorBody(code, status, message));
    }

    private static ObjectNode errorBody(int code, String status, String message) {
        ObjectNode body = object();
        body.putObject("error").put("code", code).put("message", message).put("status", status);
        return body;
    }
}
