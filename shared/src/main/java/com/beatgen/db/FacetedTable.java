package com.beatgen.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * A table listed newest first and filtered by facets (columns compared for equality, and tags), with the tables that
 * make that fast: a tag table carrying its owner's {@code created_at}, indexes named {@code ix_<table>_created},
 * {@code ix_<table>_<facet>_created} and {@code ix_<tagTable>_tag_created}, and a count table holding how many rows
 * there are overall ({@code 'all', ''}) and per facet value. Whoever inserts a row (and its tags) calls {@link #added}
 * in the same transaction; {@link #rebuild} recounts after a bulk load; {@link #mismatches} is the check that the
 * counts agree with the rows.
 *
 * <p>A table may also be judged: a rating table ({@code ratingTable}, owned like the tag table, at most one row per
 * owner) whose {@code verdict} is the facet {@code rating}, with the index {@code ix_<ratingTable>_verdict_created} and
 * its counts in the count table; whoever changes a verdict calls {@link #judged} in the same transaction. A row
 * without a rating row is {@code unrated}, counted as all rows less the judged ones.
 *
 * @param columns     the facet of each filterable column and the column ({@code genre → genre}, {@code template →
 *                    template_id}), in the order they are checked
 * @param ratingTable the rating table, or null when the rows are not judged
 * @param carried     the column facets the tag table carries too (a copy of its owner's column), each with the index
 *                    {@code ix_<tagTable>_<facet>_tag_created (column, tag, created_at, owner)}: a list by such a facet
 *                    and a tag walks that index, one range however rarely the two meet
 */
public record FacetedTable(String table, String tagTable, String tagOwner, String countTable, String countColumn,
                           Map<String, String> columns, String ratingTable, Map<String, String> carried) {

    /** The facet of the verdict kept in {@link #ratingTable}. */
    public static final String RATING = "rating";

    /**
     * The facet values as they are counted and compared: the filters' collation (emoji distinct, case and accents not),
     * whatever the column's own (a template id is utf8mb4_unicode_ci), so the UNION of the facets has one collation.
     */
    private static final String COLLATE = "COLLATE utf8mb4_0900_ai_ci";

    /** Beats: genre, style, mood and tags (V5), judged in beat_rating (V16); the tag rows carry genre, style, mood (V18). */
    public static final FacetedTable BEATS = new FacetedTable("beat", "beat_tag", "beat_id", "beat_facet_count", "beats",
            ordered("genre", "genre", "style", "style", "mood", "mood"), "beat_rating",
            Map.of("genre", "genre", "style", "style", "mood", "mood"));

    /** Prompt records: template, genre, style, mood and tags (V7); the tag rows carry the template (V17). */
    public static final FacetedTable PROMPTS = new FacetedTable("prompt_record", "prompt_record_tag", "prompt_record_id",
            "prompt_facet_count", "records", ordered("template", "template_id", "genre", "genre", "style", "style", "mood", "mood"),
            null, Map.of("template", "template_id"));

    public FacetedTable {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        carried = Map.copyOf(carried);
    }

    /** The index of a tag and a column facet the tag table carries ({@link #carried}). */
    public String pairIndex(String facet) {
        return "ix_" + tagTable + "_" + facet + "_tag_created";
    }

    /** The index walked newest first for one facet ({@code tag} and {@code rating} included), or for none ({@code null}). */
    public String index(String facet) {
        if (facet == null) {
            return "ix_" + table + "_created";
        }
        if (ownTable(facet) != null) {
            return "ix_" + ownTable(facet) + "_" + ownColumn(facet) + "_created";
        }
        return "ix_" + table + "_" + facet + "_created";
    }

    /**
     * The table of a facet kept outside the row, with one row per value and owner ({@link #tagOwner}, {@code created_at}
     * copied from the owner): the tag table for {@code tag}, the rating table for {@code rating}; null for a column.
     */
    public String ownTable(String facet) {
        return switch (facet) {
            case "tag" -> tagTable;
            case RATING -> ratingTable;
            default -> null;
        };
    }

    /** The value column of {@link #ownTable}: {@code tag} or {@code verdict}. */
    public String ownColumn(String facet) {
        return facet.equals(RATING) ? "verdict" : facet;
    }

    /**
     * Counts a changed verdict of one row: {@code from} (null: it was unrated) is one less, {@code to} (null: it is
     * unrated now) one more. Call it in the transaction that changes the rating table.
     */
    public void judged(Handle h, String from, String to) {
        if (Objects.equals(from, to)) {
            return;
        }
        if (from != null) {
            h.createUpdate("UPDATE %s SET %s = %2$s - 1 WHERE facet = '%s' AND value = :v".formatted(countTable, countColumn, RATING))
                    .bind("v", from).execute();
        }
        if (to != null) {
            h.createUpdate("INSERT INTO %s (facet, value, %s) VALUES ('%s', :v, 1) ON DUPLICATE KEY UPDATE %2$s = %2$s + 1"
                    .formatted(countTable, countColumn, RATING)).bind("v", to).execute();
        }
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
        if (ratingTable != null) {
            parts.add(("SELECT '%s' AS facet, j.verdict " + COLLATE + " AS value, COUNT(*) AS n FROM %s j GROUP BY j.verdict")
                    .formatted(RATING, ratingTable));
        }
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
