package com.beatgen.pipeline;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The {@code beat_facet_count} table: how many beats there are overall and per genre, style, mood and tag, so that
 * {@code GET /api/beats} answers its {@code total} for none or one criterion with one primary-key read. Whoever
 * inserts a beat calls {@link #added} in the same transaction, after its tags; {@link #rebuild} recounts everything
 * (after a bulk load). {@link #mismatches} is the check that both agree with the beat tables.
 */
public final class BeatCounts {

    /** Every facet and its value, counted from the beat tables (the one definition of what is counted). */
    private static final String COUNTED = """
            SELECT 'all' AS facet, '' AS value, COUNT(*) AS beats FROM beat
            UNION ALL SELECT 'genre' AS facet, b.genre AS value, COUNT(*) AS beats FROM beat b GROUP BY b.genre
            UNION ALL SELECT 'style' AS facet, b.style AS value, COUNT(*) AS beats FROM beat b GROUP BY b.style
            UNION ALL SELECT 'mood' AS facet, b.mood AS value, COUNT(*) AS beats FROM beat b GROUP BY b.mood
            UNION ALL SELECT 'tag' AS facet, t.tag AS value, COUNT(*) AS beats FROM beat_tag t GROUP BY t.tag""";

    private BeatCounts() {
    }

    /** Counts one new beat (its row and its tags must already be inserted on {@code h}). */
    public static void added(Handle h, String beatId) {
        h.createUpdate("""
                        INSERT INTO beat_facet_count (facet, value, beats)
                        SELECT 'all' AS facet, '' AS value, 1 AS beats FROM beat WHERE id = :id
                        UNION ALL SELECT 'genre' AS facet, genre AS value, 1 AS beats FROM beat WHERE id = :id
                        UNION ALL SELECT 'style' AS facet, style AS value, 1 AS beats FROM beat WHERE id = :id
                        UNION ALL SELECT 'mood' AS facet, mood AS value, 1 AS beats FROM beat WHERE id = :id
                        UNION ALL SELECT 'tag' AS facet, tag AS value, 1 AS beats FROM beat_tag WHERE beat_id = :id
                        ON DUPLICATE KEY UPDATE beats = beats + 1""")
                .bind("id", beatId)
                .execute();
    }

    /** Recounts every facet from the beat tables. */
    public static void rebuild(Handle h) {
        h.execute("DELETE FROM beat_facet_count");
        h.execute("INSERT INTO beat_facet_count (facet, value, beats) " + COUNTED);
    }

    /** The facets whose stored count differs from the beat tables, as {@code facet:value stored≠counted}; empty when right. */
    public static List<String> mismatches(Handle h) {
        return h.createQuery("""
                        SELECT c.facet, c.value, COALESCE(s.beats, 0) AS stored, c.beats AS counted
                        FROM (""" + COUNTED + """
                        ) c LEFT JOIN beat_facet_count s ON s.facet = c.facet AND s.value = c.value
                        WHERE COALESCE(s.beats, 0) <> c.beats
                        UNION ALL
                        SELECT s.facet, s.value, s.beats, 0 FROM beat_facet_count s
                        WHERE s.beats <> 0 AND NOT EXISTS (SELECT 1 FROM (""" + COUNTED + """
                        ) c WHERE c.facet = s.facet AND c.value = s.value)""")
                .map((rs, ctx) -> rs.getString("facet") + ":" + rs.getString("value") + " stored " + rs.getLong("stored")
                        + " counted " + rs.getLong("counted"))
                .list();
    }
}
