package com.beatgen.local;

import com.beatgen.Json;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.ops.ConsistencyCheck;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", description = {
        "Consistency check of the database (read-only, one snapshot): jobs finished and recorded, beats with their job, "
                + "no orphan tags or prompt records, template last_used, Suno key usage and credits, the list totals.",
        "Exit code 1 when any check fails; the violations are printed one per line (check: row)."})
final class CheckCommand extends LocalCommand {

    private final Clock clock;

    @Option(names = "--settled-after", defaultValue = "PT15M", paramLabel = "DURATION",
            description = "jobs younger than this may still be running and are not held to 'finished' (ISO-8601, default: "
                    + "${DEFAULT-VALUE}; PT0S once every execution has ended)")
    Duration settledAfter;

    @Option(names = "--json", description = "print {\"consistent\": …, \"checks\": {name: [violations]}}")
    boolean json;

    CheckCommand(Env env, DatabaseProvider databases, Clock clock) {
        super(env, databases);
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LocalDatabase local = databases.open(); Database database = Database.connect(local.config())) {
            database.migrate();
            ConsistencyCheck.Report report = new ConsistencyCheck(database.jdbi(), clock,
                    env.integer("SUNO_GENERATION_COST", 12, 1, 10_000)).run(settledAfter);
            if (json) {
                Map<String, Object> checks = new LinkedHashMap<>();
                report.results().forEach(r -> checks.put(r.name(), r.violations()));
                out.println(Json.MAPPER.writeValueAsString(Map.of("consistent", report.consistent(), "checks", checks)));
            } else if (report.consistent()) {
                out.printf("Consistent: %d checks passed (%s)%n", report.results().size(), local.description());
            } else {
                out.println(report.describe());
                out.printf("INCONSISTENT: %d violations in %d of %d checks%n", report.violationCount(), report.failed().size(),
                        report.results().size());
            }
            out.flush();
            return report.consistent() ? 0 : 1;
        }
    }
}
