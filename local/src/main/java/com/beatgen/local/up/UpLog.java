package com.beatgen.local.up;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The log of {@code ./beatgen up}: one readable line per event, {@code <UTC time>  <topic>  <what happened>}. */
public final class UpLog {

    private final PrintWriter out;
    private final Clock clock;

    public UpLog(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void line(String topic, String text) {
        synchronized (out) {
            out.printf(Locale.ROOT, "%-24s %-8s %s%n", clock.instant().truncatedTo(ChronoUnit.MILLIS), topic, text);
            out.flush();
        }
    }

    public PrintWriter writer() {
        return out;
    }
}
