package com.beatgen.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.db.Database;
import com.beatgen.ops.OpsMetrics;
import com.beatgen.wiring.Components;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Hourly: the dashboard's database figures (beats per hour, jobs finished, Suno key credits) as one Embedded Metric
 * Format line on standard output, which Lambda sends to CloudWatch Logs and CloudWatch turns into metrics.
 */
public final class OpsMetricsHandler implements RequestHandler<Map<String, Object>, Map<String, Long>> {

    private static final PerContainer<Database> CONTAINER = PerContainer.of(OpsMetricsHandler::wire, Priming::database);
    private final Supplier<Database> database;
    private final Clock clock;
    private final PrintStream out;

    public OpsMetricsHandler() {
        this(CONTAINER, Clock.systemUTC(), System.out);
    }

    static Database wire(Components c) {
        return c.database();
    }

    public OpsMetricsHandler(Supplier<Database> database, Clock clock, PrintStream out) {
        this.database = database;
        this.clock = clock;
        this.out = out;
    }

    @Override
    public Map<String, Long> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, this::emit);
    }

    private Map<String, Long> emit() {
        OpsMetrics metrics = new OpsMetrics(database.get().jdbi(), clock);
        Map<String, Long> values = metrics.collect();
        out.println(metrics.emf(values, System.getenv().getOrDefault("POWERTOOLS_SERVICE_NAME", "beatgen")));
        out.flush();
        return values;
    }
}
