package com.beatgen.local;

import com.beatgen.Json;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.ops.AlertWebhook;
import com.beatgen.ops.DailySummary;
import com.beatgen.ops.DailySummaryService;
import com.beatgen.ops.ErrorRate;
import com.beatgen.ops.ErrorRateCheck;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "summary", description = {
        "The operations of the local stack: writes the daily summary of a UTC day into daily_summary (property 30; "
                + "default: yesterday, as the 00:00 UTC schedule does in AWS) and checks the error rate of the last hour "
                + "(property 31): above 20 %% it logs an ERROR and posts to $ALERT_WEBHOOK_URL when set.",
        "Running it again for the same day replaces that day's row."})
final class SummaryCommand extends LocalCommand {

    private final Clock clock;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the UTC day to summarize (default: yesterday)")
    LocalDate date;

    @Option(names = "--json", description = "print {\"summary\": {…}, \"errorRate\": {…}}")
    boolean json;

    SummaryCommand(Env env, DatabaseProvider databases, Clock clock) {
        super(env, databases);
        this.clock = clock;
    }

    @Override
    public Integer call() {
        var webhook = AlertWebhook.fromEnv(env); // a bad URL is a configuration error before any work
        try (LocalDatabase local = databases.open(); Database database = Database.connect(local.config())) {
            database.migrate();
            var jdbi = database.jdbi();
            DailySummaryService summaries = new DailySummaryService(jdbi, new ExecutionLog(jdbi, clock), clock);
            DailySummary summary = date == null ? summaries.summarizePreviousDay() : summaries.summarize(date);
            ErrorRate rate = new ErrorRateCheck(jdbi, clock, webhook).check();
            print(summary, rate, webhook.isPresent());
        }
        return 0;
    }

    private void print(DailySummary summary, ErrorRate rate, boolean webhook) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("summary", summary.toMap());
            Map<String, Object> check = rate.toMap();
            check.put("webhookStatus", rate.webhookStatus());
            result.put("errorRate", check);
            out.println(Json.write(result));
            return;
        }
        out.printf(Locale.ROOT, "Daily summary %s: %d beats created, %d jobs succeeded, %d failed, error rate %s; keys: %d active, %d exhausted%n",
                summary.date(), summary.beatsCreated(), summary.succeeded(), summary.failed(),
                summary.errorRate().stripTrailingZeros().toPlainString(), summary.activeKeys(), summary.exhaustedKeys());
        out.printf(Locale.ROOT, "Last hour: %d of %d finished jobs failed (%.1f %%): %s%n", rate.failed(), rate.finished(), rate.rate() * 100,
                !rate.alert() ? "below the 20 % alert threshold"
                        : "ALERT" + (webhook ? " (webhook answered " + rate.webhookStatus() + ")" : " (no ALERT_WEBHOOK_URL set)"));
    }
}
