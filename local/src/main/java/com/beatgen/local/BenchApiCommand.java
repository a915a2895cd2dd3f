package com.beatgen.local;

import com.beatgen.api.ApiConfig;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.ApiRoutes;
import com.beatgen.api.BeatQueries;
import com.beatgen.api.JobQueries;
import com.beatgen.api.Page;
import com.beatgen.api.PromptQueries;
import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.keys.KeyCipher;
import com.beatgen.local.emulator.FunctionMemory;
import com.beatgen.local.emulator.LambdaEmulator;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.storage.S3Clients;
import com.beatgen.wiring.Components;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "api", description = {
        "Benchmark every API endpoint on the local database (seed it first: ./beatgen seed --beats 1000000): per scenario "
                + "the first request in a fresh process (a new JVM with the java21 runtime's flags, as a SnapStart-restored "
                + "Lambda environment: the function's priming ran, then a new pool, nothing cached) and p50/p99 of warm requests, each "
                + "through its function's service as the Lambda handler calls it (rate limit included).",
        "Prints the EXPLAIN plans of the list queries."})
final class BenchApiCommand extends LocalCommand {

    @Option(names = "--iterations", defaultValue = "200", description = "measured calls per scenario (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--fresh", defaultValue = "true", negatable = true,
            description = "measure each scenario's first request in a fresh JVM (default: ${DEFAULT-VALUE})")
    boolean fresh;

    BenchApiCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    /** One measured request: the function that serves it, and its path with query. */
    private record Scenario(String name, String pathAndQuery) {

        String function() {
            int q = pathAndQuery.indexOf('?');
            return ApiRoutes.owner(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q)).orElseThrow();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LocalDatabase local = databases.open(); Database database = Database.connect(local.config().withPoolSize(2))) {
            long migrate = System.nanoTime();
            database.migrate();
            out.printf("migrations: %,d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - migrate));
            Jdbi jdbi = database.jdbi();
            long beats = one(jdbi, "SELECT COALESCE(MAX(beats), 0) FROM beat_facet_count WHERE facet = 'all'");
            if (beats < 1000) {
                throw new ConfigException("The database has " + beats + " beats; seed it first: ./beatgen seed --beats 1000000");
            }
            List<Scenario> scenarios = scenarios(jdbi, beats);
            Map<String, String> values = new HashMap<>(env.values());
            FunctionMemory memory = FunctionMemory.read(ProjectFiles.template(env));
            values.put("DATABASE_URL", local.config().jdbcUrl());
            if (local.config().user() != null) {
                values.put("DATABASE_USER", local.config().user());
            }
            if (local.config().password() != null) {
                values.put("DATABASE_PASSWORD", local.config().password());
            }
            values.put("S3_ENDPOINT_URL", "http://127.0.0.1:9"); // presigning needs no server
            values.put(S3Clients.BEATS_BUCKET, LocalStack.BUCKET);
            values.put(ApiConfig.ADMIN_TOKEN, ADMIN_TOKEN);
            values.putIfAbsent(KeyCipher.VARIABLE, KeyCipher.newDataKey());

            out.printf("API benchmark: %,d beats, %,d prompt records, %,d jobs (%s); Java %s, %d CPUs%n", beats,
                    one(jdbi, "SELECT COALESCE(MAX(records), 0) FROM prompt_facet_count WHERE facet = 'all'"),
                    one(jdbi, "SELECT COUNT(*) FROM beat_job FORCE INDEX (ix_beat_job_status_created)"), local.description(),
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            out.printf("warm: %d calls per scenario after %d warm-up; fresh: one new JVM per scenario, after its warm calls "
                    + "(the database is warm, the process new)%n%n", iterations, Math.min(20, iterations));
            out.printf("%-44s %12s %12s %10s %10s%n", "scenario", "priming", "first", "warm p50", "warm p99");
            try (Components api = ServeCommand.components(new Env(values))) {
                int client = 0;
                for (Scenario s : scenarios) {
                    List<Long> warm = new ArrayList<>();
                    int warmUp = Math.min(20, iterations);
                    for (int i = 0; i < warmUp + iterations; i++) {
                        // at most 50 requests per client address: the rate limit (100 in any 60 s) is paid, never hit
                        ApiRequest request = request(s.pathAndQuery(), "10.0." + (client / 250 % 250) + "." + (client % 250));
                        client += i % 50 == 49 ? 1 : 0;
                        long start = System.nanoTime();
                        ApiResponse response = api.api(s.function()).handle(request);
                        long nanos = System.nanoTime() - start;
                        if (response.status() != 200) {
                            throw new IllegalStateException(s.name() + " answered " + response.status() + ": " + response.body());
                        }
                        if (i >= warmUp) {
                            warm.add(nanos);
                        }
                    }
                    client++;
                    // after the warm calls: a new Lambda environment meets a database that other environments keep warm
                    String[] first = fresh ? firstInFreshJvm(values, s, memory.ofResource(s.function())) : new String[] {"-", "-"};
                    warm.sort(null);
                    out.printf("%-44s %9s ms %9s ms %7.1f ms %7.1f ms%n", s.name(), first[0], first[1], ms(warm, 50), ms(warm, 99));
                    out.flush();
                }
            }
            out.println();
            explain(out, jdbi);
            out.flush();
        }
        return 0;
    }

    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789";

    private static ApiRequest request(String pathAndQuery, String ip) {
        return ApiRequest.of("GET", pathAndQuery, ip).withHeader("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** Every endpoint, with the filters that cost the most: common and rare values, several criteria, deep pages. */
    private static List<Scenario> scenarios(Jdbi jdbi, long beats) {
        List<String> tags = strings(jdbi, "SELECT value FROM beat_facet_count WHERE facet = 'tag' ORDER BY beats DESC, value");
        String common = tags.get(0);
        String second = tags.get(1);
        String rare = tags.get(tags.size() - 1);
        String genre = strings(jdbi, "SELECT value FROM beat_facet_count WHERE facet = 'genre' ORDER BY beats DESC, value").get(0);
        String style = strings(jdbi, "SELECT value FROM beat_facet_count WHERE facet = 'style' ORDER BY beats DESC, value").get(0);
        String mood = strings(jdbi, "SELECT value FROM beat_facet_count WHERE facet = 'mood' ORDER BY beats DESC, value").get(0);
        String deep = strings(jdbi, "SELECT CONCAT(created_at, '~', id) FROM beat ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET "
                + beats * 9 / 10).get(0);
        String beatId = strings(jdbi, "SELECT id FROM beat ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET " + beats / 2).get(0);
        String template = strings(jdbi, "SELECT value FROM prompt_facet_count WHERE facet = 'template' ORDER BY records DESC, value").get(0);
        String promptTag = strings(jdbi, "SELECT value FROM prompt_facet_count WHERE facet = 'tag' ORDER BY records DESC, value").get(0);
        long prompts = one(jdbi, "SELECT COALESCE(MAX(records), 0) FROM prompt_facet_count WHERE facet = 'all'");
        String deepPrompt = strings(jdbi, "SELECT CONCAT(created_at, '~', id) FROM prompt_record ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET "
                + prompts * 9 / 10).get(0);
        String deepJob = strings(jdbi, "SELECT CONCAT(created_at, '~', id) FROM beat_job ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET "
                + prompts * 9 / 10).get(0);
        String lastTemplate = strings(jdbi, "SELECT id FROM beat_template WHERE is_active ORDER BY id LIMIT 1 OFFSET 19").stream()
                .findFirst().orElse("a");
        String month = strings(jdbi, "SELECT DATE_FORMAT(MAX(created_at) - INTERVAL 30 DAY, '%Y-%m-%dT%H:%i:%sZ') FROM beat_job").get(0);
        return List.of(
                new Scenario("health", "/api/health"),
                new Scenario("stats", "/api/stats"),
                new Scenario("beats page 1", "/api/beats"),
                new Scenario("beats page 100", "/api/beats?page=100"),
                new Scenario("beats cursor at 90 %", "/api/beats?cursor=" + cursor(deep)),
                new Scenario("beats tag " + common, "/api/beats?tags=" + enc(common)),
                new Scenario("beats tag " + common + " page 100", "/api/beats?page=100&tags=" + enc(common)),
                new Scenario("beats tag " + rare, "/api/beats?tags=" + enc(rare)),
                new Scenario("beats genre+mood", "/api/beats?genre=" + enc(genre) + "&mood=" + enc(mood)),
                new Scenario("beats genre+style+mood", "/api/beats?genre=" + enc(genre) + "&style=" + enc(style) + "&mood=" + enc(mood)),
                new Scenario("beats genre+tag", "/api/beats?genre=" + enc(genre) + "&tags=" + enc(common)),
                new Scenario("beats tags " + common + "+" + second, "/api/beats?tags=" + enc(common + "," + second)),
                new Scenario("beats tags+mood", "/api/beats?tags=" + enc(common) + "&mood=" + enc(mood)),
                new Scenario("beat detail", "/api/beats/" + beatId),
                new Scenario("prompts page 1", "/api/prompts?pageSize=20"),
                new Scenario("prompts page 100", "/api/prompts?page=100"),
                new Scenario("prompts cursor at 90 %", "/api/prompts?cursor=" + cursor(deepPrompt)),
                new Scenario("prompts templateId", "/api/prompts?templateId=" + enc(template)),
                new Scenario("prompts genre+mood", "/api/prompts?genre=" + enc(genre) + "&mood=" + enc(mood)),
                new Scenario("prompts tag " + promptTag, "/api/prompts?tags=" + enc(promptTag)),
                new Scenario("prompts templateId+tag", "/api/prompts?templateId=" + enc(template) + "&tags=" + enc(promptTag)),
                new Scenario("templates", "/api/templates"),
                new Scenario("templates genre, cursor", "/api/templates?genre=" + enc(genre) + "&cursor=" + enc(lastTemplate)),
                new Scenario("jobs page 1", "/api/jobs"),
                new Scenario("jobs page 100", "/api/jobs?page=100"),
                new Scenario("jobs cursor at 90 %", "/api/jobs?cursor=" + cursor(deepJob)),
                new Scenario("jobs status=failed", "/api/jobs?status=failed"),
                new Scenario("jobs status=completed, last 30 days", "/api/jobs?status=completed&from=" + enc(month)),
                new Scenario("keys (admin)", "/api/keys"));
    }

    /** {@code 2026-01-02 03:04:05.678~id} (as MySQL prints it) → the API's cursor {@code <epoch millis>~id}. */
    private static String cursor(String createdAndId) {
        int tilde = createdAndId.indexOf('~');
        LocalDateTime created = LocalDateTime.parse(createdAndId.substring(0, tilde).replace(' ', 'T'));
        return created.toInstant(ZoneOffset.UTC).toEpochMilli() + "~" + createdAndId.substring(tilde + 1);
    }

    /** Runs {@link BenchApiFirstRequest} in a new JVM: the function's priming and then the scenario's first request, in ms. */
    private static String[] firstInFreshJvm(Map<String, String> values, Scenario s, int memoryMb) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = Path.of(BenchApiCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(LambdaEmulator.runtimeJvmFlags(memoryMb));
        command.addAll(List.of("-cp", classPath, BenchApiFirstRequest.class.getName(), s.function(), s.pathAndQuery(), ADMIN_TOKEN));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().putAll(values);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !output.matches("[0-9.]+ [0-9.]+")) {
            throw new IllegalStateException("First request of " + s.name() + " failed: " + output + " " + errors);
        }
        return output.split(" ");
    }

    private static void explain(PrintWriter out, Jdbi jdbi) {
        BeatQueries beats = new BeatQueries(jdbi, null, 10_000);
        PromptQueries prompts = new PromptQueries(jdbi, 10_000);
        JobQueries jobs = new JobQueries(jdbi, 10_000);
        String tag = strings(jdbi, "SELECT value FROM beat_facet_count WHERE facet = 'tag' ORDER BY beats DESC, value").get(0);
        String genre = strings(jdbi, "SELECT value FROM beat_facet_count WHERE facet = 'genre' ORDER BY beats DESC, value").get(0);
        String template = strings(jdbi, "SELECT value FROM prompt_facet_count WHERE facet = 'template' ORDER BY records DESC, value").get(0);
        Page page = new Page(1, 20);
        out.println("EXPLAIN beats genre+tag: " + beats.explain(new BeatQueries.Filter(Optional.of(genre), Optional.empty(),
                Optional.empty(), List.of(tag)), page));
        out.println("EXPLAIN prompts templateId+genre: " + prompts.explain(new PromptQueries.Filter(Optional.of(template),
                Optional.of(genre), Optional.empty(), Optional.empty(), List.of()), page));
        out.println("EXPLAIN prompts tag: " + prompts.explain(new PromptQueries.Filter(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(tag)), page));
        out.println("EXPLAIN jobs status: " + jobs.explain(new JobQueries.Filter(Optional.of("failed"), Optional.empty(),
                Optional.empty()), page));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long one(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static List<String> strings(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static double ms(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
