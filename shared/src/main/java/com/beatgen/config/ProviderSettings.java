package com.beatgen.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The typed configuration of the providers, one record per concern, each read from the environment only when a
 * function wires that concern (a function that never calls OpenAI never reads, or is granted, its key). Defaults live
 * here and nowhere else. Keys never appear in {@code toString()}.
 */
public final class ProviderSettings {

    private ProviderSettings() {
    }

    /** HTTP timeouts shared by the three provider clients. */
    public record Http(Duration connectTimeout, Duration readTimeout) {
        public static Http fromEnv(Env env) {
            return new Http(Duration.ofMillis(env.longValue("PROVIDER_CONNECT_TIMEOUT_MS", 3_000, 100, 60_000)),
                    Duration.ofMillis(env.longValue("PROVIDER_READ_TIMEOUT_MS", 30_000, 100, 120_000)));
        }
    }

    /** The circuit breaker per provider (seed: open after N consecutive failures, half-open after the cool-down). */
    public record Breaker(int threshold, Duration coolDown) {
        public static Breaker fromEnv(Env env) {
            return new Breaker(env.integer("CIRCUIT_BREAKER_THRESHOLD", 5, 1, 1_000),
                    Duration.ofSeconds(env.longValue("CIRCUIT_BREAKER_COOLDOWN_SECONDS", 300, 1, 86_400)));
        }
    }

    /** A language model's endpoint: Gemini's or OpenAI's, the key from its variable or its Secrets Manager secret. */
    public record Model(String apiKey, String baseUrl, String model) {
        public static Model gemini(Env env, String apiKey) {
            return new Model(apiKey, trimSlash(env.string("GEMINI_BASE_URL", "https://generativelanguage.googleapis.com")),
                    env.string("GEMINI_MODEL", "gemini-2.5-flash-lite"));
        }

        public static Model openAi(Env env, String apiKey) {
            return new Model(apiKey, trimSlash(env.string("OPENAI_BASE_URL", "https://api.openai.com")),
                    env.string("OPENAI_MODEL", "gpt-4o-mini"));
        }

        @Override
        public String toString() {
            return "Model[" + baseUrl + " " + model + "]"; // never the key
        }
    }

    /**
     * Suno: endpoint, model and the key pool's rules. The keys themselves live encrypted in the database;
     * {@code SUNO_API_KEYS} (optional) is imported into the pool once per container.
     */
    public record Suno(String baseUrl, String model, int generationCost, Duration keyCooldown, Duration creditsMaxAge,
                       Duration callbackWait) {
        public static final String API_KEYS = "SUNO_API_KEYS";

        public static Suno fromEnv(Env env) {
            return new Suno(trimSlash(env.string("SUNO_BASE_URL", "https://api.sunoapi.org")),
                    env.string("SUNO_MODEL", "V4_5"),
                    generationCost(env),
                    Duration.ofSeconds(env.longValue("SUNO_KEY_COOLDOWN_SECONDS", 60, 1, 86_400)),
                    Duration.ofSeconds(env.longValue("SUNO_CREDITS_MAX_AGE_SECONDS", 3_600, 0, 604_800)),
                    // an unanswered submission's callback is awaited this long before paying again (seconds locally)
                    Duration.ofMillis(env.longValue("SUNO_CALLBACK_WAIT_MS", 60_000, 0, 100_000)));
        }

        /** Credits one generation costs (third-party measurement: 12); a key below it is exhausted. */
        public static int generationCost(Env env) {
            return env.integer("SUNO_GENERATION_COST", 12, 1, 10_000);
        }

        public static List<String> splitKeys(String raw) {
            return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
