package com.beatgen.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request, independent of how it arrived (an API Gateway proxy event, the local server, a test).
 *
 * @param query      every value of every query parameter, in order (a parameter given twice has two values)
 * @param headers    case-insensitive names; of a header given in two casings one value is kept
 * @param sourceIp   the client address as API Gateway saw it ({@code requestContext.identity.sourceIp}); never a
 *                   client-supplied header
 * @param caller     the IAM principal API Gateway authorized ({@code requestContext.identity.userArn}), if any
 */
public record ApiRequest(String method, String path, Map<String, String> pathParameters, Map<String, List<String>> query,
                         Map<String, String> headers, String sourceIp, String caller, String body) {

    public ApiRequest {
        method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        pathParameters = pathParameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (query != null) {
            query.forEach((name, values) -> q.put(name, values == null ? List.of() : List.copyOf(values.stream()
                    .map(v -> v == null ? "" : v).toList())));
        }
        query = Collections.unmodifiableMap(q);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    h.put(name, value);
                }
            });
        }
        headers = Collections.unmodifiableSortedMap(h);
    }

    /** A request from a method and a path with an optional query string (percent-encoded), e.g. for tests. */
    public static ApiRequest of(String method, String pathAndQuery, String sourceIp) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new ApiRequest(method, path, Map.of(), query, Map.of(), sourceIp, null, null);
    }

    public ApiRequest withHeader(String name, String value) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        h.put(name, value);
        return new ApiRequest(method, path, pathParameters, query, h, sourceIp, caller, body);
    }

    public ApiRequest withBody(String json) {
        return new ApiRequest(method, path, pathParameters, query, headers, sourceIp, caller, json);
    }

    public ApiRequest withCaller(String principal) {
        return new ApiRequest(method, path, pathParameters, query, headers, sourceIp, principal, body);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
