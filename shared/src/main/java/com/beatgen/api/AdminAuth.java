package com.beatgen.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the admin routes. In AWS, API Gateway checks IAM (SigV4) and passes the caller's ARN; a request
 * without one is refused, in case a route was ever deployed without IAM. Locally, {@code API_ADMIN_TOKEN} is required
 * as a bearer token.
 */
public final class AdminAuth {

    private final Optional<String> token;

    public AdminAuth(Optional<String> token) {
        this.token = token;
    }

    public void check(ApiRequest request) {
        boolean allowed = token.map(expected -> request.header("Authorization")
                        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                        .map(value -> MessageDigest.isEqual(value.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                                expected.getBytes(StandardCharsets.UTF_8)))
                        .orElse(false))
                .orElseGet(() -> request.caller() != null && !request.caller().isBlank());
        if (!allowed) {
            throw new ApiException(Problem.of(401, "Unauthorized", token.isPresent()
                    ? "The admin routes need the admin bearer token" : "The admin routes need IAM authorization"),
                    token.isPresent() ? Map.of("WWW-Authenticate", "Bearer") : Map.of());
        }
    }
}
