package com.beatgen.ops;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One UTC day (seed property 30): beats created, jobs succeeded and failed (by the time they finished), the error
 * rate failed / (succeeded + failed), and the Suno keys by status when the summary was computed.
 */
public record DailySummary(LocalDate date, long beatsCreated, long succeeded, long failed, BigDecimal errorRate,
                           long activeKeys, long exhaustedKeys) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("date", date.toString());
        map.put("beatsCreated", beatsCreated);
        map.put("succeeded", succeeded);
        map.put("failed", failed);
        map.put("errorRate", errorRate);
        map.put("activeKeys", activeKeys);
        map.put("exhaustedKeys", exhaustedKeys);
        return map;
    }
}
