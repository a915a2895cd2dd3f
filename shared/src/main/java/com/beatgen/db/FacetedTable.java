package com.beatgen.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A table listed newest first and filtered by facets (columns compared for equality, and tags), with the tables that
 * make that fast: a tag table carrying its owner's {@code created_at}, indexes named {@code ix_<table>_created},
 * {@code ix_<table>_<facet>_created} and {@code ix_<tagTable>_tag_created}, and a count table holding how many rows
 * there are overall ({@code 'all', ''}) and per facet value. Whoever inserts a row (and its tags) calls {@link #added}
 * in the same transaction; {@link #rebuild} recounts after a bulk load; {@link #mismatches} is the check that the
 * counts agree with the rows.
 *
 * @param columns the facet of each filterable column and the column ({@code genre → genre}, {@code template →
 *                template_id}), in the order they are checked
 */
public record FacetedTable(String table, String tagTable, String tagOwner, String countTable, String countColumn,
                           Map<String, String> columns) {

    /**
     * The facet values as they are counted and compared: the filters' collation (emoji distinct, case and accents not),
     * whatever the column's own (a template id is utf8mb4_unicode_ci), so the UNION of the facets has one collation.
     */
    private static final String COLLATE = "COLLATE utf8mb4_0900_ai_ci";

    /** Beats: genre, style, mood and tags (V5). */
    public static final FacetedTable BEATS = new FacetedTable("beat", "beat_tag", "beat_id", "beat_facet_count", "beats",
            ordered("genre", "genre", "style", "style", "mood", "mood"));

    /** Prompt records: template, genre, style, mood and tags (V7). */
    public static final FacetedTable PROMPTS = new FacetedTable("prompt_record", "prompt_record_tag", "prompt_record_id",
            "prompt_facet_count", "records", ordered("template", "template_id", "genre", "genre", "style", "style", "mood", "mood"));

    public FacetedTable {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** The index walked newest first for one facet ({@code tag} included), or for none ({@code null}). */
    public String index(String facet) {
        if (facet == null) {
            return "ix_" + table + "_created";
        }
        return facet.equals("tag") ? "ix_" + tagTable + "_tag_created" : "ix_" + table + "_" + facet + "_created";
    }

    /** Counts one new row (the row and its tags must already be inserted on {@code h}). */
    public void added(Handle h, String id) {
        List<String> parts = new ArrayList<>();
        parts.add("SELECT 'all' AS facet, '' AS value, 1 AS n FROM %s WHERE id = :id".formatted(table));
        columns.forEach((facet, column) -> parts.add(
                ("SELECT '%s' AS facet, %s " + COLLATE + " AS value, 1 AS n FROM %s WHERE id = :id").formatted(facet, column, table)));
        parts.add(("SELECT 'tag' AS facet, tag " + COLLATE + " AS value, 1 AS n FROM %s WHERE %s = :id").formatted(tagTable, tagOwner));
        h.createUpdate("INSERT INTO %s (facet, value, %s) %s ON DUPLICATE KEY UPDATE %2$s = %2$s + 1"
                        .formatted(countTable, countColumn, String.join(" UNION ALL ", parts)))
                .bind("id", id)
                .execute();
    }

    /** Recounts every facet from the rows. */
    public void rebuild(Handle h) {
        h.execute("DELETE FROM " + countTable);
        h.execute("INSERT INTO %s (facet, value, %s) %s".formatted(countTable, countColumn, counted()));
    }

    /** The facets whose stored count differs from the rows, as {@code facet:value stored n counted m}; empty when right. */
    public List<String> mismatches(Handle h) {
        String counted = counted();
        return h.createQuery("""
                        SELECT c.facet, c.value, COALESCE(s.%2$s, 0) AS stored, c.n AS counted
                        FROM (%3$s) c LEFT JOIN %1$s s ON s.facet = c.facet AND s.value = c.value
                        WHERE COALESCE(s.%2$s, 0) <> c.n
                        UNION ALL
                        SELECT s.facet, s.value, s.%2$s, 0 FROM %1$s s
                        WHERE s.%2$s <> 0 AND NOT EXISTS (SELECT 1 FROM (%3$s) c WHERE c.facet = s.facet AND c.value = s.value)"""
                        .formatted(countTable, countColumn, counted))
                .map((rs, ctx) -> rs.getString("facet") + ":" + rs.getString("value") + " stored " + rs.getLong("stored")
                        + " counted " + rs.getLong("counted"))
                .list();
    }

    /** Every facet and its value, counted from the rows (the one definition of what is counted). */
    private String counted() {
        List<String> parts = new ArrayList<>();
        parts.add("SELECT 'all' AS facet, '' AS value, COUNT(*) AS n FROM " + table);
        columns.forEach((facet, column) -> parts.add(("SELECT '%s' AS facet, r.%s " + COLLATE + " AS value, COUNT(*) AS n FROM %s r"
                + " GROUP BY r.%2$s").formatted(facet, column, table)));
        parts.add(("SELECT 'tag' AS facet, t.tag " + COLLATE + " AS value, COUNT(*) AS n FROM %s t GROUP BY t.tag").formatted(tagTable));
        return String.join(" UNION ALL ", parts);
    }

    private static Map<String, String> ordered(String... facetsAndColumns) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < facetsAndColumns.length; i += 2) {
            columns.put(facetsAndColumns[i], facetsAndColumns[i + 1]);
        }
        return columns;
    }
}
