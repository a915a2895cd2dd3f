package com.beatgen.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.Json;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** API Gateway REST proxy events ↔ the plain {@link ApiRequest}/{@link ApiResponse} of {@code com.beatgen.api}. */
final class ApiEvents {

    private ApiEvents() {
    }

    /**
     * Every field may be null or missing in a real event. Query values come from the multi-value map when present (it
     * keeps repeated parameters); headers are case-insensitive (a header sent in two casings keeps one value). The
     * client is {@code requestContext.identity.sourceIp}; X-Forwarded-For is never consulted. Read from the event's JSON
     * as the function receives it: the runtime's own event serializer (a second, shaded Jackson) is never loaded.
     */
    static ApiRequest request(JsonNode event) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (event.path("multiValueQueryStringParameters").isObject()) {
            event.get("multiValueQueryStringParameters").fields().forEachRemaining(field -> {
                List<String> values = new ArrayList<>();
                field.getValue().forEach(value -> values.add(value.isNull() ? "" : value.asText()));
                query.put(field.getKey(), values);
            });
        } else if (event.path("queryStringParameters").isObject()) {
            event.get("queryStringParameters").fields().forEachRemaining(field ->
                    query.put(field.getKey(), List.of(field.getValue().isNull() ? "" : field.getValue().asText())));
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.path("multiValueHeaders").isObject()) {
            event.get("multiValueHeaders").fields().forEachRemaining(field -> {
                if (field.getValue().isArray() && !field.getValue().isEmpty() && !field.getValue().get(0).isNull()) {
                    headers.put(field.getKey(), field.getValue().get(0).asText());
                }
            });
        }
        if (event.path("headers").isObject()) {
            event.get("headers").fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    headers.put(field.getKey(), field.getValue().asText());
                }
            });
        }
        Map<String, String> pathParameters = new LinkedHashMap<>();
        if (event.path("pathParameters").isObject()) {
            event.get("pathParameters").fields().forEachRemaining(field -> pathParameters.put(field.getKey(), text(field.getValue())));
        }
        JsonNode identity = event.path("requestContext").path("identity");
        return new ApiRequest(text(event.path("httpMethod")), text(event.path("path")), pathParameters, query, headers,
                text(identity.path("sourceIp")), text(identity.path("userArn")),
                body(text(event.path("body")), event.path("isBase64Encoded").asBoolean(false)));
    }

    /** The typed event (the local server, tests) read as its JSON. */
    static ApiRequest request(APIGatewayProxyRequestEvent event) {
        return request(Json.MAPPER.valueToTree(event));
    }

    /** The proxy integration's answer as the function writes it. */
    static ObjectNode json(ApiResponse response) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("statusCode", response.status());
        ObjectNode headers = json.putObject("headers");
        response.headers().forEach(headers::put);
        json.put("body", response.body());
        json.put("isBase64Encoded", false);
        return json;
    }

    static APIGatewayProxyResponseEvent response(ApiResponse response) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false);
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String body(String body, boolean base64) {
        if (body == null || !base64) {
            return body;
        }
        try {
            return new String(Base64.getMimeDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return ""; // refused as "not a JSON object" by the route that reads a body
        }
    }
}
