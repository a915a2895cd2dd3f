package com.beatgen.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /api/beats} and {@code GET /api/beats/{id}} (seed properties 32–34). */
public final class BeatQueries {

    /** The list's filters; every given one must match (genre, style and mood exactly, ignoring case). */
    public record Filter(Optional<String> genre, Optional<String> style, Optional<String> mood, List<String> tags) {
    }

    /** One criterion of a filter: a beat column (genre, style, mood) or a tag, and the value it must equal. */
    private record Criterion(String facet, String value) {

        boolean isTag() {
            return facet.equals("tag");
        }
    }

    private static final String COLUMNS = "b.id, b.name, b.genre, b.style, b.mood, b.use_case, b.duration_seconds, b.created_at";

    private final Jdbi jdbi;
    private final BeatReader reader;
    private final AudioLinks audio;
    private final Cache<List<Criterion>, Long> totals;

    /**
     * @param countCache how long the total of a filter with two or more criteria is reused by this instance (zero: never)
     * @param ticker     the cache's clock (tests move it)
     */
    public BeatQueries(Jdbi jdbi, AudioLinks audio, Duration countCache, Ticker ticker) {
        this.jdbi = jdbi;
        this.reader = new BeatReader(jdbi);
        this.audio = audio;
        this.totals = countCache.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(countCache).maximumSize(10_000).ticker(ticker).build();
    }

    /**
     * Newest first; ties (same millisecond) by id, so pages never overlap.
     *
     * <p>The query is driven by the criterion that matches the fewest beats (per {@code beat_facet_count}): its index
     * ({@code beat_tag (tag, created_at, beat_id)} or {@code beat (column, created_at, id)}, else {@code beat
     * (created_at, id)}) is walked newest first and the other criteria are checked row by row, so a page reads about
     * {@code pageSize / selectivity} index entries and stops. The total is a primary-key read for none or one criterion;
     * for more it is counted along the same index and kept for {@code countCache}.
     */
    public Map<String, Object> list(Filter filter, Page page) {
        List<Criterion> criteria = criteria(filter);
        return jdbi.withHandle(h -> {
            List<Long> counts = facetCounts(h, criteria);
            int driver = driver(counts);
            long smallest = counts.get(driver + 1);
            if (smallest == 0) {
                return page.body(List.of(), 0, null);
            }
            Query query = query(criteria, driver);
            long total = criteria.size() <= 1 ? smallest : countOf(h, criteria, query);
            List<String> ids = ids(h, query, page);
            List<Map<String, Object>> items = beats(h, ids.subList(0, Math.min(ids.size(), page.pageSize())));
            Cursor next = null;
            if (ids.size() > page.pageSize()) {
                Map<String, Object> last = items.get(items.size() - 1);
                next = new Cursor(Instant.parse((String) last.get("createdAt")), (String) last.get("id"));
            }
            return page.body(items, total, next);
        });
    }

    /** The page query {@link #list} runs for this filter and page, with its parameters (for the benchmark and the tests). */
    public record Sql(String text, Map<String, Object> binds) {
    }

    public Sql pageSql(Filter filter, Page page) {
        List<Criterion> criteria = criteria(filter);
        return jdbi.withHandle(h -> {
            Query query = query(criteria, driver(facetCounts(h, criteria)));
            after(query, page.after());
            Map<String, Object> binds = new LinkedHashMap<>(query.where().binds());
            binds.put("limit", page.pageSize() + 1);
            binds.put("offset", page.offset());
            return new Sql(idsSql(query), binds);
        });
    }

    /** The database's plan for the page query of {@link #list}. */
    public List<Map<String, Object>> explain(Filter filter, Page page) {
        Sql sql = pageSql(filter, page);
        return jdbi.withHandle(h -> h.createQuery("EXPLAIN " + sql.text()).bindMap(sql.binds()).mapToMap().list());
    }

    /** The index of the criterion with the fewest beats, or -1 (no criteria: the whole table); {@code counts[0]} is all. */
    private static int driver(List<Long> counts) {
        int driver = -1;
        for (int i = 1; i < counts.size(); i++) {
            if (driver < 0 || counts.get(i) < counts.get(driver + 1)) {
                driver = i - 1;
            }
        }
        return driver;
    }

    /** The ids of the page (and one more, to know whether there is a next page), newest first. */
    private static List<String> ids(Handle h, Query query, Page page) {
        after(query, page.after());
        return h.createQuery(idsSql(query))
                .bindMap(query.where().binds())
                .bind("limit", page.pageSize() + 1)
                .bind("offset", page.offset())
                .mapTo(String.class)
                .list();
    }

    /** Narrows the query to what comes after the cursor, if any: a keyset condition on the driving index. */
    private static void after(Query query, Cursor cursor) {
        if (cursor != null) {
            query.where().add("(%1$s < :afterAt OR (%1$s = :afterAt AND %2$s < :afterId))".formatted(query.createdAt(), query.id()),
                    "afterAt", cursor.createdAt()).bind("afterId", cursor.id());
        }
    }

    private static String idsSql(Query query) {
        return "SELECT " + query.id() + " AS id" + query.from() + query.where().sql()
                + " ORDER BY %s DESC, %s DESC LIMIT :limit OFFSET :offset".formatted(query.createdAt(), query.id());
    }

    /** The SQL a list runs: FROM (with the driving index forced) and WHERE, and the ordering columns. */
    private record Query(String from, Where where, String createdAt, String id) {
    }

    private static List<Criterion> criteria(Filter filter) {
        List<Criterion> criteria = new ArrayList<>();
        filter.genre().ifPresent(v -> criteria.add(new Criterion("genre", v)));
        filter.style().ifPresent(v -> criteria.add(new Criterion("style", v)));
        filter.mood().ifPresent(v -> criteria.add(new Criterion("mood", v)));
        filter.tags().forEach(v -> criteria.add(new Criterion("tag", v)));
        return List.copyOf(criteria);
    }

    /** The number of beats overall, then per criterion, from {@code beat_facet_count} (0 for a value never seen). */
    private static List<Long> facetCounts(Handle h, List<Criterion> criteria) {
        StringBuilder sql = new StringBuilder(
                "SELECT COALESCE((SELECT beats FROM beat_facet_count WHERE facet = 'all' AND value = ''), 0) AS c");
        Map<String, Object> binds = new LinkedHashMap<>();
        for (int i = 0; i < criteria.size(); i++) {
            sql.append(", COALESCE((SELECT beats FROM beat_facet_count WHERE facet = :f%1$d AND value = :v%1$d), 0) AS c%1$d"
                    .formatted(i));
            binds.put("f" + i, criteria.get(i).facet());
            binds.put("v" + i, criteria.get(i).value());
        }
        return h.createQuery(sql.toString()).bindMap(binds).map((rs, ctx) -> {
            List<Long> counts = new ArrayList<>();
            for (int i = 1; i <= criteria.size() + 1; i++) {
                counts.add(rs.getLong(i));
            }
            return counts;
        }).one();
    }

    private static Query query(List<Criterion> criteria, int driver) {
        Where where = new Where();
        boolean tagDriven = driver >= 0 && criteria.get(driver).isTag();
        boolean needsBeat = criteria.stream().anyMatch(c -> !c.isTag());
        String from;
        String idColumn;
        String createdAt;
        if (tagDriven) {
            from = " FROM beat_tag d FORCE INDEX (ix_beat_tag_tag_created)" + (needsBeat ? " JOIN beat b ON b.id = d.beat_id" : "");
            idColumn = "d.beat_id";
            createdAt = "d.created_at";
        } else {
            String index = driver < 0 ? "ix_beat_created" : "ix_beat_" + criteria.get(driver).facet() + "_created";
            from = " FROM beat b FORCE INDEX (" + index + ")";
            idColumn = "b.id";
            createdAt = "b.created_at";
        }
        for (int i = 0; i < criteria.size(); i++) {
            Criterion c = criteria.get(i);
            if (i == driver && c.isTag()) {
                where.add("d.tag = :c" + i, "c" + i, c.value());
            } else if (c.isTag()) {
                where.add("EXISTS (SELECT 1 FROM beat_tag e%1$d WHERE e%1$d.beat_id = %2$s AND e%1$d.tag = :c%1$d)"
                        .formatted(i, idColumn), "c" + i, c.value());
            } else {
                where.add("b." + c.facet() + " = :c" + i, "c" + i, c.value());
            }
        }
        return new Query(from, where, createdAt, idColumn);
    }

    private long countOf(Handle h, List<Criterion> criteria, Query query) {
        if (totals == null) {
            return count(h, query);
        }
        return totals.get(criteria.stream().map(c -> new Criterion(c.facet(), c.value().toLowerCase(Locale.ROOT))).toList(),
                key -> count(h, query));
    }

    private static long count(Handle h, Query query) {
        return h.createQuery("SELECT COUNT(*)" + query.from() + query.where().sql())
                .bindMap(query.where().binds()).mapTo(Long.class).one();
    }

    /** The list items of the beats {@code ids}, in that order. */
    private static List<Map<String, Object>> beats(Handle h, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Object>> byId = new HashMap<>();
        h.createQuery("SELECT " + COLUMNS + " FROM beat b WHERE b.id IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    Map<String, Object> beat = new LinkedHashMap<>();
                    beat.put("id", rs.getString("id"));
                    beat.put("name", rs.getString("name"));
                    beat.put("genre", rs.getString("genre"));
                    beat.put("style", rs.getString("style"));
                    beat.put("mood", rs.getString("mood"));
                    beat.put("useCase", rs.getString("use_case"));
                    beat.put("tags", List.of());
                    beat.put("durationSeconds", Rows.decimal(rs, "duration_seconds"));
                    beat.put("createdAt", Rows.iso(Rows.instant(rs, "created_at", ctx)));
                    return beat;
                })
                .forEach(beat -> byId.put((String) beat.get("id"), beat));
        Map<String, List<String>> tags = Rows.tags(h, "beat_tag", "beat_id", ids);
        List<Map<String, Object>> items = new ArrayList<>(ids.size());
        for (String id : ids) {
            Map<String, Object> beat = byId.get(id);
            if (beat != null) {
                beat.put("tags", tags.getOrDefault(id, List.of()));
                items.add(beat);
            }
        }
        return items;
    }

    /** Everything about one beat, its audio as presigned GET URLs, its key masked and its job's timings. */
    public Optional<Map<String, Object>> detail(String id) {
        return reader.find(id).map(beat -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT j.created_at, j.submitted_at, j.completed_at, k.id AS key_id, k.key_last4
                        FROM beat b
                        JOIN beat_job j ON j.id = b.job_id
                        JOIN suno_api_key k ON k.id = b.api_key_id
                        WHERE b.id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    for (String field : List.of("id", "name", "genre", "style", "mood", "useCase", "tags", "description",
                            "basePrompt", "normalizedPrompt", "conceptData", "durationSeconds")) {
                        detail.put(field, beat.get(field));
                    }
                    Map<String, Object> links = new LinkedHashMap<>();
                    links.put("primary", audio.url((String) beat.get("fileUrl")));
                    String alternate = (String) beat.get("alternateFileUrl");
                    links.put("alternate", alternate == null ? null : audio.url(alternate));
                    links.put("expiresAt", Rows.iso(audio.expiresAt()));
                    detail.put("audio", links);
                    detail.put("createdAt", beat.get("createdAt"));
                    detail.put("templateId", beat.get("templateId"));
                    detail.put("jobId", beat.get("jobId"));
                    detail.put("key", Map.of("id", rs.getString("key_id"), "masked", "****" + rs.getString("key_last4")));
                    Instant created = Rows.instant(rs, "created_at", ctx);
                    detail.put("timings", Rows.timings(created, Rows.instant(rs, "submitted_at", ctx),
                            Rows.instant(rs, "completed_at", ctx)));
                    return detail;
                })
                .one()));
    }
}
