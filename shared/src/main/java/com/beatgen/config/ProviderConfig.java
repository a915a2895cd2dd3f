package com.beatgen.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Provider endpoints, models, keys and reliability settings, read once from the environment. Base URLs and models
 * are configuration, never constants. Keys never appear in {@link #toString()}.
 */
public record ProviderConfig(
        String geminiApiKey, String geminiBaseUrl, String geminiModel,
        String openAiApiKey, String openAiBaseUrl, String openAiModel,
        List<String> sunoApiKeys, String sunoBaseUrl, String sunoModel, String sunoCallbackUrl,
        Duration connectTimeout, Duration readTimeout,
        int sunoGenerationCost, Duration sunoKeyCooldown, Duration sunoCreditsMaxAge,
        int breakerThreshold, Duration breakerCoolDown) {

    public static ProviderConfig fromEnv(Env env) {
        return new ProviderConfig(
                env.required("GEMINI_API_KEY"),
                trimSlash(env.string("GEMINI_BASE_URL", "https://generativelanguage.googleapis.com")),
                env.string("GEMINI_MODEL", "gemini-2.5-flash-lite"),
                env.required("OPENAI_API_KEY"),
                trimSlash(env.string("OPENAI_BASE_URL", "https://api.openai.com")),
                env.string("OPENAI_MODEL", "gpt-4o-mini"),
                env.optional("SUNO_API_KEYS").map(ProviderConfig::splitKeys).orElse(List.of()),
                trimSlash(env.string("SUNO_BASE_URL", "https://api.sunoapi.org")),
                env.string("SUNO_MODEL", "V4_5"),
                env.required("SUNO_CALLBACK_URL"),
                Duration.ofMillis(env.longValue("PROVIDER_CONNECT_TIMEOUT_MS", 3_000, 100, 60_000)),
                Duration.ofMillis(env.longValue("PROVIDER_READ_TIMEOUT_MS", 30_000, 100, 120_000)),
                env.integer("SUNO_GENERATION_COST", 12, 1, 10_000),
                Duration.ofSeconds(env.longValue("SUNO_KEY_COOLDOWN_SECONDS", 60, 1, 86_400)),
                Duration.ofSeconds(env.longValue("SUNO_CREDITS_MAX_AGE_SECONDS", 3_600, 0, 604_800)),
                env.integer("CIRCUIT_BREAKER_THRESHOLD", 5, 1, 1_000),
                Duration.ofSeconds(env.longValue("CIRCUIT_BREAKER_COOLDOWN_SECONDS", 300, 1, 86_400)));
    }

    static List<String> splitKeys(String raw) {
        return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "ProviderConfig[gemini=" + geminiBaseUrl + " " + geminiModel + ", openai=" + openAiBaseUrl + " " + openAiModel
                + ", suno=" + sunoBaseUrl + " " + sunoModel + " (" + sunoApiKeys.size() + " keys from SUNO_API_KEYS)"
                + ", readTimeout=" + readTimeout + ", breaker=" + breakerThreshold + "/" + breakerCoolDown + "]";
    }
}
