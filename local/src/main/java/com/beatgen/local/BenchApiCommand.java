package com.beatgen.local;

import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.ApiService;
import com.beatgen.api.BeatQueries;
import com.beatgen.api.Cursor;
import com.beatgen.api.Page;
import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "api", description = {
        "Benchmark GET /api/beats on the local database (seed it first: beatgen seed --beats 1000000): p50/p99 of the "
                + "handler (ApiService, as the Lambda runs it) for page 1, page 100 and a cursor 90%% deep, with and without "
                + "filters, next to the raw SQL of its page query and to the naive version (COUNT(*) + OFFSET, tags by IN).",
        "Prints the EXPLAIN plans of the page queries."})
final class BenchApiCommand implements Callable<Integer> {

    private static final int PAGE_SIZE = 20;

    private final Env env;
    private final DatabaseProvider databases;

    @Spec
    CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "100", description = "measured calls per scenario (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--naive-iterations", defaultValue = "5",
            description = "measured calls of the naive queries, which take seconds on deep pages (default: ${DEFAULT-VALUE})")
    int naiveIterations;

    BenchApiCommand(Env env, DatabaseProvider databases) {
        this.env = env;
        this.databases = databases;
    }

    /** One measured call: the API query, and the naive version's count and page (null: not measured). */
    private record Scenario(String name, Map<String, List<String>> query, BeatQueries.Filter filter, Page page,
                            String naiveCount, String naivePage, Map<String, Object> naiveBinds) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LocalDatabase local = databases.open(); Database database = Database.connect(local.config().withPoolSize(2))) {
            database.migrate();
            Jdbi jdbi = database.jdbi();
            long beats = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat").mapTo(Long.class).one());
            if (beats < 1000) {
                throw new ConfigException("The database has " + beats + " beats; seed it first: ./beatgen seed --beats 1000000");
            }
            List<String> tagsByUse = jdbi.withHandle(h -> h.createQuery(
                    "SELECT value FROM beat_facet_count WHERE facet = 'tag' ORDER BY beats DESC, value").mapTo(String.class).list());
            String common = tagsByUse.get(0);
            String second = tagsByUse.get(1);
            String rare = tagsByUse.get(tagsByUse.size() - 1);
            long tagged = count(jdbi, "SELECT beats FROM beat_facet_count WHERE facet = 'tag' AND value = :v", common);
            String genre = jdbi.withHandle(h -> h.createQuery(
                    "SELECT value FROM beat_facet_count WHERE facet = 'genre' ORDER BY beats DESC, value LIMIT 1").mapTo(String.class).one());
            Cursor deep = jdbi.withHandle(h -> h.createQuery(
                            "SELECT created_at, id FROM beat ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET :n")
                    .bind("n", beats * 9 / 10).map((rs, ctx) -> new Cursor(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString(2))).one());
            Cursor deepTag = jdbi.withHandle(h -> h.createQuery("""
                            SELECT created_at, beat_id FROM beat_tag WHERE tag = :t
                            ORDER BY created_at DESC, beat_id DESC LIMIT 1 OFFSET :n""")
                    .bind("t", common).bind("n", tagged * 9 / 10)
                    .map((rs, ctx) -> new Cursor(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString(2))).one());

            Map<String, String> values = new HashMap<>(env.values());
            values.put("DATABASE_URL", local.config().jdbcUrl());
            if (local.config().user() != null) {
                values.put("DATABASE_USER", local.config().user());
            }
            values.put("S3_ENDPOINT_URL", "http://127.0.0.1:9"); // presigning needs no server
            values.put("RATE_LIMIT_MAX_REQUESTS", "1000000");
            Map<String, String> uncachedValues = new HashMap<>(values);
            uncachedValues.put("COUNT_CACHE_SECONDS", "0");

            String tagIn = " WHERE b.id IN (SELECT t.beat_id FROM beat_tag t WHERE t.tag = :tag)";
            String tagsIn = tagIn + " AND b.id IN (SELECT t2.beat_id FROM beat_tag t2 WHERE t2.tag = :tag2)";
            String genreTag = " WHERE b.genre = :genre AND b.id IN (SELECT t.beat_id FROM beat_tag t WHERE t.tag = :tag)";
            Map<String, Object> tagBind = Map.of("tag", common);
            long deepOffset = beats * 9 / 10;
            long deepTagOffset = tagged * 9 / 10;
            List<Scenario> scenarios = List.of(
                    scenario("page 1", Map.of(), 1, null, "", Map.of(), 0),
                    scenario("page 100", Map.of(), 100, null, "", Map.of(), 99L * PAGE_SIZE),
                    scenario("cursor at 90 %", Map.of(), 1, deep, "", Map.of(), deepOffset),
                    scenario("tag " + common + " page 1", Map.of("tags", common), 1, null, tagIn, tagBind, 0),
                    scenario("tag " + common + " page 100", Map.of("tags", common), 100, null, tagIn, tagBind, 99L * PAGE_SIZE),
                    scenario("tag " + common + " cursor 90 %", Map.of("tags", common), 1, deepTag, tagIn, tagBind, deepTagOffset),
                    scenario("tag " + rare + " page 1", Map.of("tags", rare), 1, null, tagIn, Map.of("tag", rare), 0),
                    scenario("genre+tag page 1", Map.of("genre", genre, "tags", common), 1, null, genreTag,
                            Map.of("genre", genre, "tag", common), 0),
                    scenario("2 tags page 1", Map.of("tags", common + "," + second), 1, null, tagsIn,
                            Map.of("tag", common, "tag2", second), 0));

            out.printf("API benchmark: %,d beats; tag '%s' on %,d, '%s' on %,d; genre '%s' (%s)%n", beats, common, tagged, rare,
                    count(jdbi, "SELECT beats FROM beat_facet_count WHERE facet = 'tag' AND value = :v", rare), genre,
                    local.description());
            out.printf("%d calls per scenario after %d warm-up (naive: %d); page size %d; Java %s, %d CPUs%n%n", iterations,
                    Math.min(20, iterations), naiveIterations, PAGE_SIZE, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            out.printf("%-30s %11s %11s %11s %11s %11s %11s %11s%n", "scenario", "handler p50", "handler p99", "no-cache p99",
                    "SQL p50", "SQL p99", "naive p50", "naive p99");
            BeatQueries queries = new BeatQueries(jdbi, null, java.time.Duration.ZERO, () -> 0);
            try (ApiService api = ApiService.fromEnv(new Env(values)); ApiService uncached = ApiService.fromEnv(new Env(uncachedValues))) {
                // the fixed cost of any request: the rate-limit upsert (a committed write) and one SELECT
                List<Long> health = measure(iterations, () -> api.handle(new ApiRequest("GET", "/api/health", Map.of(), Map.of(),
                        Map.of(), "198.51.100.7", null, null)));
                out.printf("%-30s %8.1f ms %8.1f ms%n", "GET /api/health (floor)", ms(health, 50), ms(health, 99));
                for (Scenario s : scenarios) {
                    List<Long> handler = measure(iterations, () -> call(api, s));
                    List<Long> noCache = s.filter().tags().size() + (s.filter().genre().isPresent() ? 1 : 0) > 1
                            ? measure(Math.max(5, iterations / 10), () -> call(uncached, s)) : null;
                    BeatQueries.Sql sql = queries.pageSql(s.filter(), s.page());
                    List<Long> raw = measure(iterations, () -> jdbi.withHandle(h -> h.createQuery(sql.text()).bindMap(sql.binds())
                            .mapToMap().list()));
                    List<Long> naive = measure(1, naiveIterations, () -> jdbi.withHandle(h -> {
                        h.createQuery(s.naiveCount()).bindMap(s.naiveBinds()).mapTo(Long.class).one();
                        return h.createQuery(s.naivePage()).bindMap(s.naiveBinds()).mapToMap().list();
                    }));
                    out.printf("%-30s %8.1f ms %8.1f ms %11s %8.1f ms %8.1f ms %8.1f ms %8.1f ms%n", s.name(), ms(handler, 50),
                            ms(handler, 99), noCache == null ? "-" : "%8.1f ms".formatted(ms(noCache, 99)), ms(raw, 50), ms(raw, 99),
                            ms(naive, 50), ms(naive, 99));
                    out.flush();
                }
            }
            out.println();
            for (Scenario s : scenarios) {
                BeatQueries.Sql sql = queries.pageSql(s.filter(), s.page());
                out.println("EXPLAIN " + s.name() + ": " + sql.text());
                queries.explain(s.filter(), s.page()).forEach(row -> out.println("  " + row));
            }
            out.flush();
        }
        return 0;
    }

    private static long count(Jdbi jdbi, String sql, String value) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("v", value).mapTo(Long.class).findOne().orElse(0L));
    }

    private static Scenario scenario(String name, Map<String, String> filters, int page, Cursor after, String where,
                                     Map<String, Object> binds, long naiveOffset) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        filters.forEach((k, v) -> query.put(k, List.of(v)));
        if (page > 1) {
            query.put("page", List.of(String.valueOf(page)));
        }
        if (after != null) {
            query.put("cursor", List.of(after.encode()));
        }
        List<String> tags = filters.containsKey("tags") ? List.of(filters.get("tags").split(",")) : List.of();
        BeatQueries.Filter filter = new BeatQueries.Filter(Optional.ofNullable(filters.get("genre")), Optional.empty(),
                Optional.empty(), tags);
        String naivePage = "SELECT b.id, b.name, b.genre, b.style, b.mood, b.use_case, b.duration_seconds, b.created_at FROM beat b"
                + where + " ORDER BY b.created_at DESC, b.id DESC LIMIT " + PAGE_SIZE + " OFFSET " + naiveOffset;
        return new Scenario(name, query, filter, new Page(page, PAGE_SIZE, after), "SELECT COUNT(*) FROM beat b" + where,
                naivePage, new LinkedHashMap<>(binds));
    }

    private static ApiResponse call(ApiService api, Scenario s) {
        ApiResponse response = api.handle(new ApiRequest("GET", "/api/beats", Map.of(), s.query(), Map.of(), "198.51.100.7", null, null));
        if (response.status() != 200) {
            throw new IllegalStateException(s.name() + " answered " + response.status() + ": " + response.body());
        }
        return response;
    }

    private static List<Long> measure(int iterations, Supplier<Object> call) {
        return measure(Math.min(20, iterations), iterations, call);
    }

    private static List<Long> measure(int warmUp, int iterations, Supplier<Object> call) {
        for (int i = 0; i < warmUp; i++) {
            call.get();
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            call.get();
            nanos.add(System.nanoTime() - start);
        }
        nanos.sort(null);
        return nanos;
    }

    private static double ms(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
