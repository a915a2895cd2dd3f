package com.beatgen.api;

import com.beatgen.db.FacetedTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * One page of a {@link FacetedTable} (beats, prompt records), newest first, every criterion matching.
 *
 * <p>The page query is driven by the criterion that matches the fewest rows (per the table's facet counts): its index
 * ({@code tagTable (tag, created_at, owner)} or {@code table (column, created_at, id)}, else {@code table (created_at,
 * id)}) is walked newest first and the other criteria are checked row by row through primary keys, so a page reads
 * about {@code pageSize / selectivity} index entries and stops. The total is a primary-key read of the facet counts
 * for none or one criterion. For more it is counted on the newest {@code sample} rows of the driving criterion: exact
 * when that criterion has no more rows, else scaled up to the criterion's size and answered with
 * {@code totalExact: false} (an estimate, never below what the page shows).
 *
 * <p>A facet kept in a table of its own (tags, ratings: {@link FacetedTable#ownTable}) drives through that table's
 * index like a column's; a criterion "none of this facet" (an unrated beat) never drives: it is checked per row (no
 * row in the facet's table) and counted as all rows less those with a value of the facet.
 */
final class FacetListing {

    /**
     * One criterion: a column facet (genre, template …), {@code tag} or {@code rating}, and the value it must equal
     * (ignoring case); a null value (only for a facet in its own table) means the row has no value of that facet.
     */
    record Criterion(String facet, String value) {

        /** Rows without any value of {@code facet} (e.g. beats without a rating). */
        static Criterion none(String facet) {
            return new Criterion(facet, null);
        }

        boolean isNone() {
            return value == null;
        }
    }

    /** The ids of a page (newest first), the total, whether it is exact, and the cursor of the next page. */
    record Result(List<String> ids, long total, boolean totalExact, Cursor next) {
    }

    /** A page query and its parameters (for the benchmark and the plan tests). */
    record Sql(String text, Map<String, Object> binds) {
    }

    /**
     * How a list walks: the driving criterion (-1: the whole table) and, when the driver is a tag and a column criterion
     * is one its tag table carries ({@link FacetedTable#carried}), that criterion's index (else -1): both are then one
     * range of the pair index; {@code rows}: how many rows the walk has (a pair's counted up to {@link #pairLimit}).
     */
    private record Drive(int driver, int carried, long rows) {
    }

    /** How far a pair's rows are counted along the pair index, in samples (index only: 10,000 entries for 2,000). */
    private static final int PAIR_COUNT_SAMPLES = 5;

    /** FROM (with the driving index forced) and WHERE of a list, and its ordering columns. */
    private record Query(String from, Where where, String createdAt, String id) {
    }

    private final FacetedTable table;
    private final int sample;
    private final int pairLimit;

    /** @param sample how many rows of the driving criterion a total of several criteria is counted on (see {@link #page}) */
    FacetListing(FacetedTable table, int sample) {
        this.table = table;
        this.sample = sample;
        this.pairLimit = sample * PAIR_COUNT_SAMPLES;
    }

    Result page(Handle h, List<Criterion> criteria, Page page) {
        List<Long> counts = facetCounts(h, criteria);
        if (counts.contains(0L)) {
            return new Result(List.of(), 0, true, null);
        }
        Drive drive = drive(h, criteria, counts);
        if (drive.rows() == 0) {
            return new Result(List.of(), 0, true, null);
        }
        Query query = query(criteria, drive);
        long total = counts.get(criteria.isEmpty() ? 0 : 1);
        boolean exact = true;
        if (drive.carried() >= 0 && criteria.size() == 2 && drive.rows() < pairLimit) {
            // the pair is the whole filter: its count along the pair index is the total
            total = drive.rows();
        } else if (criteria.size() > 1) {
            // a pair beyond its counting limit has no size to scale to: the sample is the rarest single criterion's
            Drive sampled = drive.rows() < pairLimit ? drive : single(criteria, counts);
            long matched = countInSample(h, criteria, sampled);
            exact = sampled.rows() <= sample;
            total = exact ? matched : Math.round((double) matched * sampled.rows() / sample);
        }
        after(query, page.after());
        List<Map.Entry<String, Instant>> rows = h.createQuery(idsSql(query))
                .bindMap(query.where().binds())
                .bind("limit", page.pageSize() + 1)
                .bind("offset", page.offset())
                .map((rs, ctx) -> Map.entry(rs.getString("id"), Rows.instant(rs, "created_at", ctx)))
                .list();
        List<String> ids = rows.stream().limit(page.pageSize()).map(Map.Entry::getKey).toList();
        Cursor next = null;
        if (rows.size() > page.pageSize()) {
            Map.Entry<String, Instant> last = rows.get(page.pageSize() - 1);
            next = new Cursor(last.getValue(), last.getKey());
        }
        if (!exact && page.after() == null) {
            // an estimate never below what this page shows
            total = Math.max(total, page.offset() + rows.size());
        }
        return new Result(ids, total, exact, next);
    }

    Sql pageSql(Handle h, List<Criterion> criteria, Page page) {
        Query query = query(criteria, drive(h, criteria, facetCounts(h, criteria)));
        after(query, page.after());
        Map<String, Object> binds = new LinkedHashMap<>(query.where().binds());
        binds.put("limit", page.pageSize() + 1);
        binds.put("offset", page.offset());
        return new Sql(idsSql(query), binds);
    }

    /**
     * How many of the newest {@code sample} rows of the driving criterion (or of the table, when none can drive) match
     * every other criterion: one walk of the driving index (at most {@code sample} entries) with a primary-key check
     * per entry; all of them when the driving criterion has no more rows than that.
     */
    private long countInSample(Handle h, List<Criterion> criteria, Drive drive) {
        int driver = drive.driver();
        Criterion driving = driver < 0 ? null : criteria.get(driver);
        String drivingRows;
        if (driving == null) {
            drivingRows = "SELECT b.id AS id FROM %1$s b FORCE INDEX (%2$s) ORDER BY b.created_at DESC, b.id DESC LIMIT :sample"
                    .formatted(table.table(), table.index(null));
        } else if (drive.carried() >= 0) {
            drivingRows = "SELECT d.%1$s AS id%2$s ORDER BY d.created_at DESC, d.%1$s DESC LIMIT :sample"
                    .formatted(table.tagOwner(), pairRange(criteria.get(drive.carried()).facet()));
        } else if (table.ownTable(driving.facet()) != null) {
            drivingRows = ("SELECT d.%1$s AS id FROM %2$s d FORCE INDEX (%3$s) WHERE d.%4$s = :d"
                    + " ORDER BY d.created_at DESC, d.%1$s DESC LIMIT :sample").formatted(table.tagOwner(),
                    table.ownTable(driving.facet()), table.index(driving.facet()), table.ownColumn(driving.facet()));
        } else {
            drivingRows = "SELECT b.id AS id FROM %1$s b FORCE INDEX (%2$s) WHERE b.%3$s = :d ORDER BY b.created_at DESC, b.id DESC LIMIT :sample"
                    .formatted(table.table(), table.index(driving.facet()), table.columns().get(driving.facet()));
        }
        Where where = new Where();
        boolean needsRow = false;
        for (int i = 0; i < criteria.size(); i++) {
            if (i != driver && i != drive.carried()) {
                needsRow |= check(where, criteria.get(i), i, "s.id", "b.");
            }
        }
        var query = h.createQuery("SELECT COUNT(*) FROM (" + drivingRows + ") s"
                        + (needsRow ? " JOIN %s b ON b.id = s.id".formatted(table.table()) : "") + where.sql())
                .bindMap(where.binds()).bind("sample", sample);
        if (driving != null) {
            query.bind("d", driving.value());
        }
        if (drive.carried() >= 0) {
            query.bind("p", criteria.get(drive.carried()).value());
        }
        return query.mapTo(Long.class).one();
    }

    /** The rows of a tag and a carried column together, counted along the pair index up to {@link #pairLimit}. */
    private long pairCount(Handle h, List<Criterion> criteria, int tag, int carried) {
        return h.createQuery("SELECT COUNT(*) FROM (SELECT 1%s LIMIT :limit) x".formatted(pairRange(criteria.get(carried).facet())))
                .bind("d", criteria.get(tag).value())
                .bind("p", criteria.get(carried).value())
                .bind("limit", pairLimit)
                .mapTo(Long.class).one();
    }

    /** FROM and WHERE of one range of a pair index: the tag {@code :d} with the carried column {@code facet} at {@code :p}. */
    private String pairRange(String facet) {
        return " FROM %s d FORCE INDEX (%s) WHERE d.tag = :d AND d.%s = :p".formatted(table.tagTable(), table.pairIndex(facet),
                table.carried().get(facet));
    }

    /**
     * Adds the check of one criterion that does not drive the walk: its own table's row ({@code EXISTS}, or {@code NOT
     * EXISTS} for "none") for the row {@code idColumn}, else the column of the row ({@code rowAlias}).
     *
     * @return whether the check reads the row itself (a column facet)
     */
    private boolean check(Where where, Criterion c, int i, String idColumn, String rowAlias) {
        String own = table.ownTable(c.facet());
        if (own != null && c.isNone()) {
            where.add("NOT EXISTS (SELECT 1 FROM %1$s e%2$d WHERE e%2$d.%3$s = %4$s)".formatted(own, i, table.tagOwner(), idColumn));
        } else if (own != null) {
            where.add("EXISTS (SELECT 1 FROM %1$s e%2$d WHERE e%2$d.%3$s = %4$s AND e%2$d.%5$s = :c%2$d)"
                    .formatted(own, i, table.tagOwner(), idColumn, table.ownColumn(c.facet())), "c" + i, c.value());
        } else {
            where.add(rowAlias + table.columns().get(c.facet()) + " = :c" + i, "c" + i, c.value());
            return true;
        }
        return false;
    }

    /**
     * The index of the criterion with the fewest rows that can drive (not a "none"), or -1 (the whole table);
     * {@code counts[0]} is all, {@code counts[i + 1]} criterion i's.
     */
    /**
     * The walk with the fewest rows: the criterion with the fewest (per the count table), or a tag with a column its
     * tag table carries when their pair has no more rows (counted along the pair index).
     */
    private Drive drive(Handle h, List<Criterion> criteria, List<Long> counts) {
        Drive single = single(criteria, counts);
        int tag = -1;
        int carried = -1;
        for (int i = 0; i < criteria.size(); i++) {
            Criterion c = criteria.get(i);
            if (c.isNone()) {
                continue;
            }
            if (c.facet().equals("tag") && (tag < 0 || counts.get(i + 1) < counts.get(tag + 1))) {
                tag = i;
            } else if (carried < 0 && table.carried().containsKey(c.facet())) {
                carried = i;
            }
        }
        if (tag >= 0 && carried >= 0) {
            long pair = pairCount(h, criteria, tag, carried);
            if (single.driver() < 0 || pair <= single.rows()) {
                return new Drive(tag, carried, pair);
            }
        }
        return single;
    }

    /** The walk of the criterion with the fewest rows (the whole table when none can drive). */
    private static Drive single(List<Criterion> criteria, List<Long> counts) {
        int driver = driver(criteria, counts);
        return new Drive(driver, -1, counts.get(driver + 1));
    }

    private static int driver(List<Criterion> criteria, List<Long> counts) {
        int driver = -1;
        for (int i = 0; i < criteria.size(); i++) {
            if (!criteria.get(i).isNone() && (driver < 0 || counts.get(i + 1) < counts.get(driver + 1))) {
                driver = i;
            }
        }
        return driver;
    }

    /** Narrows the query to what comes after the cursor, if any: a keyset condition on the driving index. */
    private static void after(Query query, Cursor cursor) {
        if (cursor != null) {
            query.where().add("(%1$s < :afterAt OR (%1$s = :afterAt AND %2$s < :afterId))".formatted(query.createdAt(), query.id()),
                    "afterAt", cursor.createdAt()).bind("afterId", cursor.id());
        }
    }

    private static String idsSql(Query query) {
        return "SELECT %s AS id, %s AS created_at".formatted(query.id(), query.createdAt()) + query.from() + query.where().sql()
                + " ORDER BY %s DESC, %s DESC LIMIT :limit OFFSET :offset".formatted(query.createdAt(), query.id());
    }

    /**
     * The number of rows overall, then per criterion, from the count table (0 for a value never seen; for "none" of a
     * facet, all rows less those counted under the facet's values).
     */
    private List<Long> facetCounts(Handle h, List<Criterion> criteria) {
        String one = "COALESCE((SELECT %s FROM %s WHERE facet = %%s AND value = %%s), 0)".formatted(table.countColumn(), table.countTable());
        String all = one.formatted("'all'", "''");
        String valued = "COALESCE((SELECT SUM(%s) FROM %s WHERE facet = %%s), 0)".formatted(table.countColumn(), table.countTable());
        StringBuilder sql = new StringBuilder("SELECT " + all);
        Map<String, Object> binds = new LinkedHashMap<>();
        for (int i = 0; i < criteria.size(); i++) {
            Criterion c = criteria.get(i);
            binds.put("f" + i, c.facet());
            if (c.isNone()) {
                sql.append(", GREATEST(").append(all).append(" - ").append(valued.formatted(":f" + i)).append(", 0)");
            } else {
                sql.append(", ").append(one.formatted(":f" + i, ":v" + i));
                binds.put("v" + i, c.value());
            }
        }
        return h.createQuery(sql.toString()).bindMap(binds).map((rs, ctx) -> {
            List<Long> counts = new ArrayList<>();
            for (int i = 1; i <= criteria.size() + 1; i++) {
                counts.add(rs.getLong(i));
            }
            return counts;
        }).one();
    }

    private Query query(List<Criterion> criteria, Drive drive) {
        int driver = drive.driver();
        Where where = new Where();
        String drivingTable = driver < 0 ? null : table.ownTable(criteria.get(driver).facet());
        boolean needsRow = false;
        for (int i = 0; i < criteria.size(); i++) {
            needsRow |= i != drive.carried() && table.ownTable(criteria.get(i).facet()) == null;
        }
        String drivingIndex = drive.carried() >= 0 ? table.pairIndex(criteria.get(drive.carried()).facet())
                : table.index(driver < 0 ? null : criteria.get(driver).facet());
        String from;
        String idColumn;
        String createdAt;
        if (drivingTable != null) {
            from = " FROM %s d FORCE INDEX (%s)".formatted(drivingTable, drivingIndex)
                    + (needsRow ? " JOIN %s b ON b.id = d.%s".formatted(table.table(), table.tagOwner()) : "");
            idColumn = "d." + table.tagOwner();
            createdAt = "d.created_at";
        } else {
            from = " FROM %s b FORCE INDEX (%s)".formatted(table.table(), drivingIndex);
            idColumn = "b.id";
            createdAt = "b.created_at";
        }
        for (int i = 0; i < criteria.size(); i++) {
            Criterion c = criteria.get(i);
            if (i == driver && drivingTable != null) {
                where.add("d." + table.ownColumn(c.facet()) + " = :c" + i, "c" + i, c.value());
            } else if (i == drive.carried()) {
                where.add("d." + table.carried().get(c.facet()) + " = :c" + i, "c" + i, c.value());
            } else {
                check(where, c, i, idColumn, "b.");
            }
        }
        return new Query(from, where, createdAt, idColumn);
    }
}
