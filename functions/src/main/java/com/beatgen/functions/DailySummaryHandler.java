package com.beatgen.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.ops.DailySummaryService;
import com.beatgen.wiring.Components;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The 00:00 UTC schedule (seed property 30): summarizes the UTC day before the scheduled time of the event, so a
 * late or repeated delivery summarizes the same day. A manual invocation may name the day: {@code {"date": "2026-03-29"}}.
 */
public final class DailySummaryHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final PerContainer<Database> CONTAINER = PerContainer.of(DailySummaryHandler::wire, Priming::database);
    private final Supplier<Database> database;
    private final Clock clock;

    public DailySummaryHandler() {
        this(CONTAINER, Clock.systemUTC());
    }

    static Database wire(Components c) {
        return c.database();
    }

    public DailySummaryHandler(Supplier<Database> database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> summarize(event));
    }

    private Map<String, Object> summarize(Map<String, Object> event) {
        Object date = event == null ? null : event.get("date");
        Object time = event == null ? null : event.get("time");
        LocalDate day = date != null ? LocalDate.parse(date.toString())
                : DailySummaryService.previousUtcDay(time != null ? Instant.parse(time.toString()) : clock.instant());
        var jdbi = database.get().jdbi();
        return new DailySummaryService(jdbi, new ExecutionLog(jdbi, clock), clock).summarize(day).toMap();
    }
}
