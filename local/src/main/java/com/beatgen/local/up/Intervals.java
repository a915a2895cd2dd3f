package com.beatgen.local.up;

import com.beatgen.config.ScheduleInterval;
import java.time.Duration;

/**
 * The schedule interval of {@code ./beatgen up} ({@code --interval}, {@code BEAT_GENERATION_INTERVAL}): {@code 15m},
 * {@code 30s}, {@code 2h}, {@code 500ms}, an ISO-8601 duration ({@code PT15M}) or an EventBridge rate expression
 * ({@code rate(15 minutes)}).
 */
public final class Intervals {

    public static final String VARIABLE = ScheduleInterval.VARIABLE;
    public static final Duration DEFAULT = ScheduleInterval.DEFAULT;
    public static final Duration SHORTEST = ScheduleInterval.SHORTEST;

    private Intervals() {
    }

    public static Duration parse(String text) {
        return ScheduleInterval.parse(text);
    }

    /** {@code 15m}, {@code 2s}, {@code 1h30m}: for log lines. */
    public static String format(Duration interval) {
        StringBuilder text = new StringBuilder();
        if (interval.toDaysPart() > 0) {
            text.append(interval.toDaysPart()).append('d');
        }
        if (interval.toHoursPart() > 0) {
            text.append(interval.toHoursPart()).append('h');
        }
        if (interval.toMinutesPart() > 0) {
            text.append(interval.toMinutesPart()).append('m');
        }
        if (interval.toSecondsPart() > 0) {
            text.append(interval.toSecondsPart()).append('s');
        }
        if (interval.toMillisPart() > 0) {
            text.append(interval.toMillisPart()).append("ms");
        }
        return text.toString();
    }
}
