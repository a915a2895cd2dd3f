package com.beatgen.testkit.stub;

import static com.beatgen.testkit.stub.ProviderStub.object;

import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.time.Instant;

/** {@code POST /v1/chat/completions} with a {@code json_schema} response format, OpenAI's error shape. */
final class OpenAiApi {

    static final String REFUSAL = "I'm sorry, but I can't help with that request.";

    private final ProviderStub stub;

    OpenAiApi(ProviderStub stub) {
        this.stub = stub;
    }

    ResponseDefinitionBuilder handle(Request request, String path) {
        if (!RequestMethod.POST.equals(request.getMethod()) || !path.equals("/v1/chat/completions")) {
            return error(404, "Invalid URL (" + request.getMethod() + " " + path + ")", "invalid_request_error", null,
                    null);
        }
        if (ProviderStub.bearer(request) == null) {
            return error(401, "You didn't provide an API key. You need to provide your API key in an Authorization"
                    + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error",
                    null, null);
        }
        JsonNode body = ProviderStub.parse(request);
        if (body == null || !body.path("model").isTextual()) {
            return error(400, "You must provide a model parameter.", "invalid_request_error", null, null);
        }
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            return error(400, "Missing required parameter: 'messages'.", "invalid_request_error", "messages",
                    "missing_required_parameter");
        }
        String model = body.get("model").asText();
        Fault fault = stub.takeFault(Api.OPENAI, null, f -> true);
        if (fault == null) {
            return ok(answer(body, model, false));
        }
        return switch (fault) {
            case RATE_LIMITED -> error(429, "Rate limit reached for " + model + " in organization org-stub on"
                    + " requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1s.",
                    "requests", null, "rate_limit_exceeded")
                    .withHeader("retry-after", "1")
                    .withHeader("x-ratelimit-remaining-requests", "0")
                    .withHeader("x-ratelimit-reset-requests", "1s");
            case OUT_OF_CREDIT -> error(429, "You exceeded your current quota, please check your plan and billing"
                    + " details.", "insufficient_quota", null, "insufficient_quota");
            case SERVER_ERROR -> error(500, "The server had an error while processing your request. Sorry about"
                    + " that!", "server_error", null, null);
            case UNAVAILABLE -> error(503, "The engine is currently overloaded, please try again later.",
                    "server_error", null, null);
            case UNAUTHORIZED -> error(401, "Incorrect API key provided. You can find your API key at"
                    + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                    "invalid_api_key");
            case TIMEOUT -> ok(answer(body, model, false)).withFixedDelay(stub.timeoutDelayMillis());
            case MALFORMED_BODY -> ProviderStub.truncated(answer(body, model, false))
                    .withHeader("x-request-id", requestId());
            case BLOCKED -> ok(answer(body, model, true));
            default -> throw new IllegalStateException(fault + " is not an OpenAI fault");
        };
    }

    private static ObjectNode answer(JsonNode body, String model, boolean refuse) {
        String user = userText(body);
        JsonNode format = body.path("response_format");
        String content;
        if ("json_schema".equals(format.path("type").asText())) {
            content = FakeContent.text(FakeContent.valueFor(format.path("json_schema").path("schema"), user));
        } else if ("json_object".equals(format.path("type").asText())) {
            content = FakeContent.text(object().put("text", FakeContent.sentence()));
        } else {
            content = FakeContent.sentence();
        }
        ObjectNode answer = object()
                .put("id", "chatcmpl-" + ProviderStub.hex32().substring(0, 24))
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", model);
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (refuse) {
            message.putNull("content");
            message.put("refusal", REFUSAL);
        } else {
            message.put("content", content);
            message.putNull("refusal");
        }
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        int promptTokens = Math.max(1, body.path("messages").toString().length() / 4);
        int answerTokens = Math.max(1, (refuse ? REFUSAL : content).length() / 4);
        answer.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", answerTokens)
                .put("total_tokens", promptTokens + answerTokens);
        answer.put("service_tier", "default");
        answer.put("system_fingerprint", "fp_stub");
        return answer;
    }

    /** The text of the user messages (string content or text parts). */
    private static String userText(JsonNode body) {
        StringBuilder text = new StringBuilder();
        for (JsonNode message : body.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                JsonNode content = message.path("content");
                if (content.isTextual()) {
                    text.append(content.asText()).append(' ');
                } else {
                    content.forEach(part -> text.append(part.path("text").asText()).append(' '));
                }
            }
        }
        return text.toString();
    }

    private static ResponseDefinitionBuilder ok(ObjectNode answer) {
        return ProviderStub.json(200, answer)
                .withHeader("x-request-id", requestId())
                .withHeader("x-ratelimit-remaining-requests", "499")
                .withHeader("x-ratelimit-reset-requests", "120ms")
                .withHeader("openai-processing-ms", "42");
    }

    private static ResponseDefinitionBuilder error(int status, String message, String type, String param,
            String code) {
        ObjectNode body = object();
        body.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return ProviderStub.json(status, body).withHeader("x-request-id", requestId());
    }

    private static String requestId() {
        return "req_" + ProviderStub.hex32();
    }
}
