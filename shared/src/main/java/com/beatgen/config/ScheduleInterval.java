package com.beatgen.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schedule's interval ({@code BEAT_GENERATION_INTERVAL}; {@code ./beatgen up --interval}): {@code 15m},
 * {@code 30s}, {@code 2h}, {@code 500ms}, an ISO-8601 duration ({@code PT15M}) or an EventBridge rate expression
 * ({@code rate(15 minutes)}). The default is the deployed schedule's 15 minutes.
 */
public final class ScheduleInterval {

    public static final String VARIABLE = "BEAT_GENERATION_INTERVAL";
    public static final Duration DEFAULT = Duration.ofMinutes(15);
    public static final Duration SHORTEST = Duration.ofSeconds(1);

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(second|seconds|minute|minutes|hour|hours|day|days)\\s*\\)");

    private ScheduleInterval() {
    }

    public static Duration fromEnv(Env env) {
        return env.optional(VARIABLE).map(ScheduleInterval::parse).orElse(DEFAULT);
    }

    public static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration interval = null;
        Matcher match = SHORT.matcher(value);
        if (match.matches()) {
            long n = Long.parseLong(match.group(1));
            interval = switch (match.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if ((match = RATE.matcher(value)).matches()) {
            long n = Long.parseLong(match.group(1));
            interval = switch (match.group(2).replaceAll("s$", "")) {
                case "second" -> Duration.ofSeconds(n);
                case "minute" -> Duration.ofMinutes(n);
                case "hour" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if (value.startsWith("p")) {
            try {
                interval = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                interval = null;
            }
        }
        if (interval == null) {
            throw new ConfigException(VARIABLE + " / --interval must look like 15m, 30s, 2h, PT15M or rate(15 minutes), was '"
                    + text + "'");
        }
        if (interval.compareTo(SHORTEST) < 0) {
            throw new ConfigException(VARIABLE + " / --interval must be at least 1s, was '" + text + "'");
        }
        return interval;
    }
}
