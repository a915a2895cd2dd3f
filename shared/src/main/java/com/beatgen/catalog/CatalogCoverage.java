package com.beatgen.catalog;

import com.beatgen.pipeline.StartRunService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Whether the active catalog lasts at the schedule's interval: a template is taken again only after 24 h
 * ({@link StartRunService#RECENCY}), so fewer active templates than runs in 24 h means that, once all are used, slots
 * are skipped until the oldest is 24 h old again.
 */
public record CatalogCoverage(int activeTemplates, long runsPer24Hours, Duration interval) {

    public static CatalogCoverage of(Jdbi jdbi, Duration interval) {
        return jdbi.withHandle(h -> of(h, interval));
    }

    /** Within the caller's transaction (a sync counts what it is about to commit). */
    public static CatalogCoverage of(Handle handle, Duration interval) {
        int active = handle.createQuery("SELECT COUNT(*) FROM beat_template WHERE is_active = TRUE").mapTo(Integer.class).one();
        return new CatalogCoverage(active, runsPer(StartRunService.RECENCY, interval), interval);
    }

    static long runsPer(Duration window, Duration interval) {
        return (window.toMillis() + interval.toMillis() - 1) / interval.toMillis();
    }

    public boolean sufficient() {
        return activeTemplates >= runsPer24Hours;
    }

    /** The operator's warning, when the catalog is too small for the schedule. */
    public Optional<String> warning() {
        if (sufficient()) {
            return Optional.empty();
        }
        return Optional.of(activeTemplates + " active templates for " + runsPer24Hours + " runs in 24 h (one every "
                + interval + "): a template is reused only after 24 h, so about " + (runsPer24Hours - activeTemplates)
                + " slots a day are skipped; add templates or lengthen the interval");
    }

    /** The {@code catalog} object of {@code GET /api/templates}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("activeTemplates", activeTemplates);
        map.put("runsPer24Hours", runsPer24Hours);
        map.put("interval", interval.toString());
        map.put("sufficient", sufficient());
        map.put("warning", warning().orElse(null));
        return map;
    }
}
