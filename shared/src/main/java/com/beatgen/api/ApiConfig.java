package com.beatgen.api;

import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import com.beatgen.config.ScheduleInterval;
import java.time.Duration;
import java.util.Optional;

/**
 * The API's settings, read once from the environment.
 *
 * @param adminToken the local stack's admin bearer token ({@code API_ADMIN_TOKEN}); unset in AWS, where IAM decides
 */
public record ApiConfig(Duration rateLimitWindow, int rateLimitMaxRequests, Duration statsCacheTtl, Duration audioUrlTtl,
                        Optional<String> adminToken, Duration scheduleInterval) {

    public static final String ADMIN_TOKEN = "API_ADMIN_TOKEN";

    public static ApiConfig fromEnv(Env env) {
        Optional<String> token = env.optional(ADMIN_TOKEN);
        if (token.isPresent() && token.get().length() < 16) {
            throw new ConfigException(ADMIN_TOKEN + " must be at least 16 characters");
        }
        return new ApiConfig(
                Duration.ofSeconds(env.longValue("RATE_LIMIT_WINDOW", 60, 1, 86_400)),
                env.integer("RATE_LIMIT_MAX_REQUESTS", 100, 1, 100_000),
                Duration.ofSeconds(env.longValue("STATS_CACHE_SECONDS", 30, 0, 60)),
                Duration.ofSeconds(env.longValue("AUDIO_URL_TTL_SECONDS", 3_600, 60, 604_800)),
                token,
                ScheduleInterval.fromEnv(env));
    }

    /**
     * The defaults: 100 requests in any 60 s, stats cached 30 s, audio links valid 1 h, IAM for the admin routes.
     */
    public static ApiConfig defaults() {
        return fromEnv(new Env(java.util.Map.of()));
    }

    public ApiConfig withRateLimit(Duration window, int maxRequests) {
        return new ApiConfig(window, maxRequests, statsCacheTtl, audioUrlTtl, adminToken, scheduleInterval);
    }

    public ApiConfig withAdminToken(String token) {
        return new ApiConfig(rateLimitWindow, rateLimitMaxRequests, statsCacheTtl, audioUrlTtl, Optional.ofNullable(token),
                scheduleInterval);
    }
}
