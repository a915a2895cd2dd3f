package com.beatgen.api;

import com.beatgen.db.DatabaseUnavailableException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of a request as problem+json, without stack traces or SQL: an {@link ApiException} as it says, the
 * database unreachable as 503 with {@code Retry-After}, anything else as 500 with an incident id that is in the log.
 */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static ApiResponse answer(ApiRequest request, Supplier<ApiResponse> work) {
        try {
            return work.get();
        } catch (ApiException e) {
            return e.response();
        } catch (DatabaseUnavailableException | ConnectionException e) {
            log.error("Database unavailable for {} {}: {}", request.method(), request.path(), e.getMessage());
            return ApiResponse.problem(Problem.of(503, "Service Unavailable", "The database is not reachable; try again later"),
                    Map.of("Retry-After", "5"));
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            log.error("Request {} {} failed (incident {})", request.method(), request.path(), incident, e);
            return ApiResponse.problem(Problem.of(500, "Internal Server Error", "Unexpected error; incident " + incident), Map.of());
        }
    }
}
