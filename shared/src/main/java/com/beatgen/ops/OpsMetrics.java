package com.beatgen.ops;

import com.beatgen.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The figures the dashboard shows that only the database knows: beats created and jobs finished in the last hour,
 * and the Suno key pool (remaining credits of active keys, keys by status). Published hourly as one CloudWatch
 * Embedded Metric Format record (a JSON log line that CloudWatch turns into metrics; no API call, no extra IAM).
 */
public final class OpsMetrics {

    public static final String NAMESPACE = "BeatGenerator";
    private static final Map<String, String> UNITS = Map.of("BeatsCreated", "Count", "JobsSucceeded", "Count",
            "JobsFailed", "Count", "RemainingCredits", "Count", "ActiveKeys", "Count", "ExhaustedKeys", "Count");

    private final Jdbi jdbi;
    private final Clock clock;

    public OpsMetrics(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The metrics at this moment; the hourly ones count (now − 1 h, now]. */
    public Map<String, Long> collect() {
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofHours(1));
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            Map<String, Long> metrics = new LinkedHashMap<>();
            metrics.put("BeatsCreated", h.createQuery("SELECT COUNT(*) FROM beat WHERE created_at > :from AND created_at <= :to")
                    .bind("from", from).bind("to", to).mapTo(Long.class).one());
            ErrorRateCheck.Finished finished = ErrorRateCheck.finished(h, from, to);
            metrics.put("JobsSucceeded", finished.succeeded());
            metrics.put("JobsFailed", finished.failed());
            metrics.put("RemainingCredits", h.createQuery(
                    "SELECT COALESCE(SUM(quota_remaining), 0) FROM suno_api_key WHERE status = 'active'").mapTo(Long.class).one());
            metrics.put("ActiveKeys", h.createQuery("SELECT COUNT(*) FROM suno_api_key WHERE status = 'active'").mapTo(Long.class).one());
            metrics.put("ExhaustedKeys", h.createQuery("SELECT COUNT(*) FROM suno_api_key WHERE status = 'exhausted'").mapTo(Long.class).one());
            return metrics;
        });
    }

    /** One EMF record: namespace {@value #NAMESPACE}, dimension {@code Service}, one value per metric. */
    public String emf(Map<String, Long> metrics, String service) {
        List<Map<String, String>> definitions = new ArrayList<>();
        metrics.keySet().forEach(name -> definitions.add(Map.of("Name", name, "Unit", UNITS.getOrDefault(name, "None"))));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_aws", Map.of(
                "Timestamp", clock.instant().toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of("Service")),
                        "Metrics", definitions))));
        record.put("Service", service);
        record.putAll(metrics);
        return Json.write(record);
    }
}
