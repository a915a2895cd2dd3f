package com.beatgen.api;

import java.util.Map;

/** Ends a request with a problem response; thrown by validation and lookups, answered by {@link ApiService}. */
public final class ApiException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ApiException(Problem problem) {
        this(problem, Map.of());
    }

    public ApiException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException notFound(String what) {
        return new ApiException(Problem.of(404, "Not Found", what + " does not exist"));
    }

    public Problem problem() {
        return problem;
    }

    public ApiResponse response() {
        return ApiResponse.problem(problem, headers);
    }
}
