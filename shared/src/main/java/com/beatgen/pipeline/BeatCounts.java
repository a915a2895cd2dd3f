package com.beatgen.pipeline;

import com.beatgen.db.FacetedTable;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The {@code beat_facet_count} table: how many beats there are overall and per genre, style, mood and tag, so that
 * {@code GET /api/beats} answers its {@code total} for none or one criterion with one primary-key read. Whoever
 * inserts a beat calls {@link #added} in the same transaction, after its tags; {@link #rebuild} recounts everything
 * (after a bulk load). {@link #mismatches} is the check that both agree with the beat tables.
 */
public final class BeatCounts {

    private BeatCounts() {
    }

    /** Counts one new beat (its row and its tags must already be inserted on {@code h}). */
    public static void added(Handle h, String beatId) {
        FacetedTable.BEATS.added(h, beatId);
    }

    /** Recounts every facet from the beat tables. */
    public static void rebuild(Handle h) {
        FacetedTable.BEATS.rebuild(h);
    }

    /** The facets whose stored count differs from the beat tables, as {@code facet:value stored≠counted}; empty when right. */
    public static List<String> mismatches(Handle h) {
        return FacetedTable.BEATS.mismatches(h);
    }
}
