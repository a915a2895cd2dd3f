package com.beatgen.local;

import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.ApiService;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "api", description = {
        "Benchmark GET /api/beats on the local database (seed it first: ./beatgen seed --beats 1000000): p50/p99 of the "
                + "handler (ApiService, as the Lambda runs it) for page 1 and a deep page, with and without tag filters, next "
                + "to the raw SQL of the page query and to the naive query a first version would write (GROUP BY + OFFSET).",
        "Prints the EXPLAIN plans of the page queries."})
final class BenchApiCommand implements Callable<Integer> {

    private final Env env;
    private final DatabaseProvider databases;

    @Spec
    CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "100", description = "measured calls per scenario (default: ${DEFAULT-VALUE})")
    int iterations;

    BenchApiCommand(Env env, DatabaseProvider databases) {
        this.env = env;
        this.databases = databases;
    }

    private record Scenario(String name, Map<String, List<String>> query, String rawSql, String naiveSql, Map<String, Object> binds) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LocalDatabase local = databases.open(); Database database = Database.connect(local.config().withPoolSize(2))) {
            database.migrate();
            long beats = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat").mapTo(Long.class).one());
            String tag = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT tag FROM beat_tag GROUP BY tag ORDER BY COUNT(*) DESC LIMIT 1").mapTo(String.class).one());
            long tagged = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_tag WHERE tag = :t")
                    .bind("t", tag).mapTo(Long.class).one());
            Map<String, String> values = new HashMap<>(env.values());
            values.put("DATABASE_URL", local.config().jdbcUrl());
            if (local.config().user() != null) {
                values.put("DATABASE_USER", local.config().user());
            }
            values.put("S3_ENDPOINT_URL", "http://127.0.0.1:9"); // presigning needs no server
            values.put("RATE_LIMIT_MAX_REQUESTS", "1000000");
            long deepPage = Math.max(1, beats * 9 / 10 / 20);
            long deepTagPage = Math.max(1, tagged * 9 / 10 / 20);
            List<Scenario> scenarios = List.of(
                    scenario("page 1", Map.of(), "", Map.of(), 0),
                    scenario("deep page " + deepPage, Map.of("page", List.of(String.valueOf(deepPage))), "", Map.of(), (deepPage - 1) * 20),
                    scenario("tag '" + tag + "' page 1", Map.of("tags", List.of(tag)),
                            " WHERE b.id IN (SELECT tt.beat_id FROM beat_tag tt WHERE tt.tag = :tag)", Map.of("tag", tag), 0),
                    scenario("tag '" + tag + "' page " + deepTagPage, Map.of("tags", List.of(tag), "page", List.of(String.valueOf(deepTagPage))),
                            " WHERE b.id IN (SELECT tt.beat_id FROM beat_tag tt WHERE tt.tag = :tag)", Map.of("tag", tag), (deepTagPage - 1) * 20));
            out.printf("API benchmark: %,d beats, %,d with tag '%s' (%s); %d calls per scenario after %d warm-up%n",
                    beats, tagged, tag, local.description(), iterations, Math.min(20, iterations));
            out.printf("Java %s, %d CPUs%n%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            out.printf("%-32s %12s %12s %12s %12s %14s %14s%n", "scenario", "handler p50", "handler p99", "SQL p50", "SQL p99",
                    "naive p50", "naive p99");
            try (ApiService api = ApiService.fromEnv(new Env(values))) {
                for (Scenario s : scenarios) {
                    ApiRequest request = new ApiRequest("GET", "/api/beats", Map.of(), s.query(), Map.of(), "198.51.100.7", null, null);
                    List<Long> handler = measure(() -> {
                        ApiResponse response = api.handle(request);
                        if (response.status() != 200) {
                            throw new IllegalStateException(s.name() + " answered " + response.status());
                        }
                        return response;
                    });
                    List<Long> sql = measure(() -> database.jdbi().withHandle(h -> h.createQuery(s.rawSql()).bindMap(s.binds())
                            .mapToMap().list()));
                    List<Long> naive = measure(() -> database.jdbi().withHandle(h -> h.createQuery(s.naiveSql()).bindMap(s.binds())
                            .mapToMap().list()));
                    out.printf("%-32s %9.1f ms %9.1f ms %9.1f ms %9.1f ms %11.1f ms %11.1f ms%n", s.name(), ms(handler, 50),
                            ms(handler, 99), ms(sql, 50), ms(sql, 99), ms(naive, 50), ms(naive, 99));
                    out.flush();
                }
            }
            out.println();
            for (Scenario s : scenarios) {
                out.println("EXPLAIN " + s.name() + ":");
                database.jdbi().useHandle(h -> h.createQuery("EXPLAIN " + s.rawSql()).bindMap(s.binds()).mapToMap().list()
                        .forEach(row -> out.println("  " + row)));
            }
            out.flush();
        }
        return 0;
    }

    private static Scenario scenario(String name, Map<String, List<String>> query, String where, Map<String, Object> binds, long offset) {
        String raw = "SELECT b.id, b.name, b.genre, b.style, b.mood, b.use_case, b.duration_seconds, b.created_at FROM beat b"
                + where + " ORDER BY b.created_at DESC, b.id DESC LIMIT 20 OFFSET " + offset;
        String naive = where.isEmpty() ? raw
                : "SELECT b.id, b.name, b.genre, b.style, b.mood, b.use_case, b.duration_seconds, b.created_at FROM beat b "
                + "JOIN beat_tag t ON t.beat_id = b.id WHERE t.tag IN (:tag) GROUP BY b.id HAVING COUNT(*) = 1 "
                + "ORDER BY b.created_at DESC, b.id DESC LIMIT 20 OFFSET " + offset;
        return new Scenario(name, query, raw, naive, new LinkedHashMap<>(binds));
    }

    private List<Long> measure(Supplier<Object> call) {
        for (int i = 0; i < Math.min(20, iterations); i++) {
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
