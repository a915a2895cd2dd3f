package com.beatgen.local.up;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;

/** The log of {@code ./beatgen up}: one readable line per event, {@code <UTC time>  <topic>  <what happened>}. */
public final class UpLog {

    /** Always with milliseconds, so the columns line up. */
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final PrintWriter out;
    private final Clock clock;

    public UpLog(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void line(String topic, String text) {
        synchronized (out) {
            out.printf(Locale.ROOT, "%s %-8s %s%n", TIME.format(clock.instant()), topic, text);
            out.flush();
        }
    }

    public PrintWriter writer() {
        return out;
    }
}
