package com.beatgen.api;

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
}
