package com.beatgen.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One API function as a plain service (seed properties 32–36): route (only this function's operations of
 * {@code infrastructure/openapi.yaml}) → rate limit → operation. Every answer is JSON; every error is problem+json
 * ({@link ApiErrors}). Built by {@link ApiWiring}.
 */
public final class ApiService {

    private final ApiRoutes routes;
    private final RateLimiter rateLimiter;
    private final ApiConfig config;
    private final Map<String, ApiOperations.Operation> operations;

    ApiService(ApiRoutes routes, RateLimiter rateLimiter, ApiConfig config, Map<String, ApiOperations.Operation> operations) {
        this.routes = routes;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.operations = operations;
    }

    public ApiResponse handle(ApiRequest request) {
        return ApiErrors.answer(request, () -> {
            ApiRoutes.Match match = routes.match(request.method(), request.path());
            RateLimiter.Decision decision = rateLimiter.acquire(request.sourceIp());
            if (!decision.allowed()) {
                long retry = decision.retryAfter().toSeconds();
                throw new ApiException(Problem.of(429, "Too Many Requests", "At most " + config.rateLimitMaxRequests()
                        + " requests in any " + config.rateLimitWindow().toSeconds() + " s from one address; retry in " + retry
                        + " s"), Map.of("Retry-After", String.valueOf(retry)));
            }
            return operations.get(match.route().operationId()).handle(request, match.pathParameters());
        });
    }

    /** The address SnapStart priming's requests come from (never a client's: not an IP address). */
    public static final String PRIMING_SOURCE = "snapstart-priming";
    /** The path parameter of priming's requests: well-formed, and no row has it. */
    static final String PRIMING_ID = "00000000-0000-0000-0000-000000000000";

    /**
     * SnapStart priming: what this function's first request does, before the snapshot, on a real connection: the
     * rate limit (for {@link #PRIMING_SOURCE}) and each of its operations that reads, or that names a row by path (with
     * {@link #PRIMING_ID}, which matches none, so nothing is written), as an IAM caller, its answer serialized.
     *
     * @return each operation's status, in route order
     */
    public Map<String, Integer> prime() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (ApiRoutes.Route route : routes.routes()) {
            if (!route.method().equals("GET") && !route.path().contains("{")) {
                continue; // e.g. POST /api/keys creates a row
            }
            String path = route.path().replaceAll("\\{[^}]+}", PRIMING_ID);
            ApiRequest request = ApiRequest.of(route.method(), path, PRIMING_SOURCE).withCaller(PRIMING_SOURCE)
                    .withHeader("Accept", "application/json").withBody(route.method().equals("GET") ? null : "{}");
            statuses.put(route.operationId(), handle(request).status());
        }
        return statuses;
    }
}
