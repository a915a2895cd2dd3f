package com.beatgen.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import java.nio.charset.StandardCharsets;
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
     * Every field may be null in a real event. Query values come from the multi-value map when present (it keeps
     * repeated parameters); headers are case-insensitive (a header sent in two casings keeps one value). The client
     * is {@code requestContext.identity.sourceIp}; X-Forwarded-For is never consulted.
     */
    static ApiRequest request(APIGatewayProxyRequestEvent event) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (event.getMultiValueQueryStringParameters() != null) {
            query.putAll(event.getMultiValueQueryStringParameters());
        } else if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach((name, value) -> query.put(name, List.of(value == null ? "" : value)));
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    headers.put(name, values.get(0));
                }
            });
        }
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        var identity = event.getRequestContext() == null ? null : event.getRequestContext().getIdentity();
        return new ApiRequest(event.getHttpMethod(), event.getPath(), event.getPathParameters(), query, headers,
                identity == null ? null : identity.getSourceIp(), identity == null ? null : identity.getUserArn(), body(event));
    }

    static APIGatewayProxyResponseEvent response(ApiResponse response) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false);
    }

    private static String body(APIGatewayProxyRequestEvent event) {
        if (event.getBody() == null || !Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            return event.getBody();
        }
        try {
            return new String(Base64.getMimeDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return ""; // refused as "not a JSON object" by the route that reads a body
        }
    }
}
