package com.beatgen.api;

import com.beatgen.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response: status, headers and a JSON body. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    public ApiResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of("Content-Type", JSON), Json.write(body));
    }

    public static ApiResponse problem(Problem problem, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", PROBLEM_JSON);
        headers.putAll(extraHeaders);
        return new ApiResponse(problem.status(), headers, Json.write(problem));
    }
}
