package com.beatgen.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jobs that finished in (from, to]: failed / (succeeded + failed), and whether that is above the threshold.
 *
 * @param webhookStatus the alert webhook's HTTP status; 0 when nothing was posted, -1 when it could not be reached
 */
public record ErrorRate(Instant from, Instant to, long succeeded, long failed, double rate, double threshold,
                        boolean alert, int webhookStatus) {

    public long finished() {
        return succeeded + failed;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("from", from.toString());
        map.put("to", to.toString());
        map.put("succeeded", succeeded);
        map.put("failed", failed);
        map.put("errorRate", rate);
        map.put("threshold", threshold);
        map.put("alert", alert);
        return map;
    }
}
