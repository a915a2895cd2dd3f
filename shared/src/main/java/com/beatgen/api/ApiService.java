package com.beatgen.api;

import com.beatgen.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** The path parameter of priming's requests that must not find a row: well-formed, and no row has it. */
    static final String PRIMING_ID = "00000000-0000-0000-0000-000000000000";
    /** Besides the bare request, the filters and pages whose code a first request may run (the values match nothing). */
    private static final Map<String, List<String>> PRIMING_QUERIES = Map.of(
            "listBeats", List.of("?page=2", "?genre=p&style=p&mood=p", "?tags=p,q&mood=p"),
            "listPrompts", List.of("?page=2", "?templateId=p&tags=p", "?genre=p&mood=p"),
            "listTemplates", List.of("?genre=p"),
            "listJobs", List.of("?page=2", "?status=failed&from=2026-01-01T00:00:00Z"));

    /**
     * SnapStart priming: what this function's first requests do, before the snapshot, on a real connection: the rate
     * limit (for {@link #PRIMING_SOURCE}), each of its operations that reads (lists bare and filtered, a detail with the
     * first listed id) or that names a row by path (with {@link #PRIMING_ID}, which matches none, so nothing is
     * written), as an IAM caller, each answer serialized.
     *
     * @return each request line and its status, in route order
     */
    public Map<String, Integer> prime() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        String listedId = null;
        for (ApiRoutes.Route route : routes.routes()) {
            boolean reads = route.method().equals("GET");
            if (!reads && !route.path().contains("{")) {
                continue; // e.g. POST /api/keys creates a row
            }
            String path = route.path().replaceAll("\\{[^}]+}", reads && listedId != null ? listedId : PRIMING_ID);
            List<String> queries = new ArrayList<>(List.of(""));
            queries.addAll(PRIMING_QUERIES.getOrDefault(route.operationId(), List.of()));
            for (String query : queries) {
                ApiRequest request = ApiRequest.of(route.method(), path + query, PRIMING_SOURCE).withCaller(PRIMING_SOURCE)
                        .withHeader("Accept", "application/json").withBody(reads ? null : "{}");
                ApiResponse response = handle(request);
                statuses.put(route.method() + " " + path + query, response.status());
                if (listedId == null && response.status() == 200 && query.isEmpty()) {
                    listedId = firstId(response.body());
                }
            }
        }
        return statuses;
    }

    private static String firstId(String body) {
        try {
            JsonNode id = Json.MAPPER.readTree(body).path("items").path(0).path("id");
            return id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
