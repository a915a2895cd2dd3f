package com.beatgen.api;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * What the API functions are built from (database, settings, audio links, the key pool for the admin function, the
 * clock) and the {@link ApiService} of each function, created on first use with only its own operations. In Lambda
 * and on the local stack it is built by {@link com.beatgen.wiring.Components#api}; tests build it directly.
 */
public final class ApiWiring {

    private final Jdbi jdbi;
    private final ApiConfig config;
    private final Supplier<AudioLinks> audio;
    private final Supplier<KeyAdmin> keys;
    private final Clock clock;
    private final RateLimiter rateLimiter;
    private final Map<String, ApiService> services = new ConcurrentHashMap<>();

    /**
     * @param audio the audio links, created on first use (only the beat operations sign links)
     * @param keys  the admin key service, created on first use (only the admin function has the encryption key)
     */
    public ApiWiring(Jdbi jdbi, ApiConfig config, Supplier<AudioLinks> audio, Supplier<KeyAdmin> keys, Clock clock) {
        this.jdbi = jdbi;
        this.config = config;
        this.audio = audio;
        this.keys = keys;
        this.clock = clock;
        this.rateLimiter = new RateLimiter(jdbi, clock, config.rateLimitWindow(), config.rateLimitMaxRequests());
    }

    /** The service of one function of the template (e.g. {@code BeatsApiFunction}). */
    public ApiService service(String function) {
        return services.computeIfAbsent(function, f -> {
            ApiRoutes routes = ApiRoutes.of(f);
            Set<String> operationIds = new HashSet<>();
            routes.routes().forEach(r -> operationIds.add(r.operationId()));
            return new ApiService(routes, rateLimiter, config, ApiOperations.of(operationIds, jdbi, config, audio, keys, clock));
        });
    }
}
