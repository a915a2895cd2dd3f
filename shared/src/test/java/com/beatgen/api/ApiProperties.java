package com.beatgen.api;

import static com.beatgen.api.ApiFixture.get;
import static com.beatgen.api.ApiFixture.ids;
import static com.beatgen.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.api.ApiFixture.Beat;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Seed properties 32–36 on the real database. */
class ApiProperties {

    private static final List<String> GENRES = List.of("Trap", "Lo-Fi", "House");
    private static final List<String> STYLES = List.of("Dark", "Jazzy");
    private static final List<String> MOODS = List.of("Calm", "Epic", "Sad");
    private static final List<String> TAGS = List.of("chill", "night", "piano", "808", "rain");

    private static ApiFixture fixture;
    private static ApiFixture.Api api;

    @BeforeContainer
    static void start() {
        fixture = new ApiFixture();
        api = fixture.service();
    }

    @AfterContainer
    static void stop() {
        fixture.close();
    }

    /** A query: each filter given or not, in any letter case. */
    record Query(Optional<String> genre, Optional<String> style, Optional<String> mood, List<String> tags, int page, int pageSize) {

        String uri() {
            List<String> params = new ArrayList<>();
            genre.ifPresent(v -> params.add("genre=" + encode(v)));
            style.ifPresent(v -> params.add("style=" + encode(v)));
            mood.ifPresent(v -> params.add("mood=" + encode(v)));
            if (!tags.isEmpty()) {
                params.add("tags=" + encode(String.join(" , ", tags)));
            }
            params.add("page=" + page);
            params.add("pageSize=" + pageSize);
            return "/api/beats?" + String.join("&", params);
        }

        boolean matches(Beat beat) {
            return genre.map(beat.genre()::equalsIgnoreCase).orElse(true)
                    && style.map(beat.style()::equalsIgnoreCase).orElse(true)
                    && mood.map(beat.mood()::equalsIgnoreCase).orElse(true)
                    && tags.stream().allMatch(tag -> beat.tags().stream().anyMatch(tag::equalsIgnoreCase));
        }
    }

    @Property(tries = 100)
    @Label("Property 32: filters return exactly the matching beats, newest first, paged without gaps")
    void filtersReturnExactlyTheMatchingBeats(@ForAll("beats") List<Beat> beats, @ForAll("queries") Query query) {
        fixture.clear();
        fixture.insert(beats);
        List<String> expected = beats.stream().filter(query::matches)
                .sorted(Comparator.comparing(Beat::createdAt).thenComparing(Beat::id).reversed())
                .map(Beat::id).toList();

        ApiResponse response = api.handle(get(query.uri()));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        int from = Math.min(expected.size(), (query.page() - 1) * query.pageSize());
        assertThat(ids(body.get("items"))).containsExactlyElementsOf(
                expected.subList(from, Math.min(expected.size(), from + query.pageSize())));
        assertThat(body.get("total").asLong()).isEqualTo(expected.size());
        assertThat(body.get("page").asInt()).isEqualTo(query.page());
        assertThat(body.get("pageSize").asInt()).isEqualTo(query.pageSize());
        body.get("items").forEach(item -> {
            Beat beat = beats.stream().filter(b -> b.id().equals(item.get("id").asText())).findFirst().orElseThrow();
            List<String> tags = new ArrayList<>();
            item.get("tags").forEach(t -> tags.add(t.asText()));
            assertThat(tags).containsExactlyInAnyOrderElementsOf(beat.tags());
        });
    }

    @Property(tries = 100)
    @Label("Property 32 with cursors: following nextCursor visits every matching beat once, newest first, and stops")
    void cursorsWalkTheWholeList(@ForAll("beats") List<Beat> beats, @ForAll("queries") Query query) {
        fixture.clear();
        fixture.insert(beats);
        List<String> expected = beats.stream().filter(query::matches)
                .sorted(Comparator.comparing(Beat::createdAt).thenComparing(Beat::id).reversed())
                .map(Beat::id).toList();
        String first = query.uri().replaceAll("([?&])page=[0-9]+&", "$1");

        List<String> seen = new ArrayList<>();
        String uri = first;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("pages walked").isLessThanOrEqualTo(expected.size());
            ApiResponse response = api.handle(get(uri));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("total").asLong()).as("total is the whole list's").isEqualTo(expected.size());
            List<String> page = ids(body.get("items"));
            seen.addAll(page);
            JsonNode next = body.get("nextCursor");
            if (next.isNull()) {
                break;
            }
            assertThat(page).as("a page with a next one is full").hasSize(query.pageSize());
            uri = first + "&cursor=" + encode(next.asText());
        }
        assertThat(seen).containsExactlyElementsOf(expected);

        // a page number counts pages from the cursor: page 2 after the first page is the third page
        if (expected.size() > query.pageSize()) {
            String cursor = json(api.handle(get(first))).get("nextCursor").asText();
            JsonNode third = json(api.handle(get(first + "&page=2&cursor=" + encode(cursor))));
            int from = Math.min(expected.size(), 2 * query.pageSize());
            assertThat(ids(third.get("items"))).containsExactlyElementsOf(
                    expected.subList(from, Math.min(expected.size(), from + query.pageSize())));
            assertThat(third.get("page").asInt()).isEqualTo(2);
        }
    }

    @Property(tries = 100)
    @Label("Property 33: without paging parameters a page holds 20 beats (or all when fewer)")
    void defaultPageSizeIsTwenty(@ForAll @IntRange(min = 0, max = 45) int count) {
        fixture.clear();
        fixture.insert(java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> beat(GENRES.get(0), STYLES.get(0), MOODS.get(0), List.of(), fixture.clock.instant().minusSeconds(i)))
                .toList());

        JsonNode body = json(api.handle(get("/api/beats")));

        assertThat(body.get("items").size()).isEqualTo(Math.min(20, count));
        assertThat(body.get("pageSize").asInt()).isEqualTo(20);
        assertThat(body.get("page").asInt()).isEqualTo(1);
        assertThat(body.get("total").asInt()).isEqualTo(count);
    }

    @Property(tries = 100)
    @Label("Property 34: a beat's detail is complete: every field, presigned audio, masked key, job timings")
    void detailIsComplete(@ForAll("beats") List<Beat> beats) {
        fixture.clear();
        fixture.insert(beats);
        for (Beat beat : beats) {
            ApiResponse response = api.handle(get("/api/beats/" + beat.id()));
            assertThat(response.status()).isEqualTo(200);
            JsonNode detail = json(response);
            assertThat(detail.get("id").asText()).isEqualTo(beat.id());
            assertThat(detail.get("name").asText()).isEqualTo(beat.name());
            assertThat(detail.get("genre").asText()).isEqualTo(beat.genre());
            assertThat(detail.get("style").asText()).isEqualTo(beat.style());
            assertThat(detail.get("mood").asText()).isEqualTo(beat.mood());
            assertThat(detail.get("useCase").asText()).isEqualTo("Gaming");
            List<String> tags = new ArrayList<>();
            detail.get("tags").forEach(t -> tags.add(t.asText()));
            assertThat(tags).containsExactlyInAnyOrderElementsOf(beat.tags());
            assertThat(detail.get("description").asText()).isEqualTo("About " + beat.name());
            assertThat(detail.get("basePrompt").asText()).isEqualTo("base " + beat.name());
            assertThat(detail.get("normalizedPrompt").asText()).isEqualTo("normalized " + beat.name());
            assertThat(detail.get("conceptData").get("bpm").asInt()).isEqualTo(90);
            assertThat(Instant.parse(detail.get("createdAt").asText())).isEqualTo(beat.createdAt());
            String jobId = detail.get("jobId").asText();
            assertThat(detail.get("audio").get("primary").asText())
                    .startsWith("http://localhost:9000/beats/beats/" + jobId + "-1.mp3?").contains("X-Amz-Signature=");
            if (beat.alternate()) {
                assertThat(detail.get("audio").get("alternate").asText()).contains(jobId + "-2.mp3?").contains("X-Amz-Signature=");
            } else {
                assertThat(detail.get("audio").get("alternate").isNull()).isTrue();
            }
            assertThat(detail.get("key").get("masked").asText()).matches("\\*{4}.{4}");
            assertThat(response.body()).doesNotContain("sk-secret-");
            JsonNode timings = detail.get("timings");
            assertThat(Instant.parse(timings.get("completedAt").asText())).isEqualTo(beat.createdAt());
            assertThat(timings.get("durationSeconds").asDouble()).isEqualTo(120.0);
            assertThat(detail.get("ratings").toString()).isEqualTo("{\"primary\":null,\"alternate\":null}");
            assertThat(detail.get("fallbacks")).isEmpty();
            assertThat(detail.size()).isEqualTo(20);
        }
        assertThat(api.handle(get("/api/beats/" + UUID.randomUUID())).status()).isEqualTo(404);
    }

    /** What the stats must show, computed here from what the test inserted. */
    record StatsCase(List<Instant> beatTimes, List<String> jobStatuses, List<Integer> jobAgesMinutes, List<String> keyStatuses,
                     List<Integer> credits) {
    }

    @Property(tries = 100)
    @Label("Property 35: the stats equal the database (and are cached for at most the configured time)")
    void statsEqualTheDatabase(@ForAll("statsCases") StatsCase c) {
        fixture.clear();
        Instant now = fixture.clock.instant();
        fixture.insert(c.beatTimes().stream().map(t -> beat("Trap", "Dark", "Calm", List.of(), t)).toList());
        String template = fixture.template("Trap", "Dark", "Calm", true);
        long succeeded = 0;
        long failed = 0;
        for (int i = 0; i < c.jobStatuses().size(); i++) {
            String status = c.jobStatuses().get(i);
            Instant finished = now.minus(Duration.ofMinutes(c.jobAgesMinutes().get(i)));
            boolean done = status.equals("completed") || status.equals("failed");
            fixture.job(template, status, finished.minusSeconds(300), done ? finished : null, status.equals("failed") ? "Suno.Timeout" : null);
            if (done && finished.isAfter(now.minus(Duration.ofHours(24)))) {
                succeeded += status.equals("completed") ? 1 : 0;
                failed += status.equals("failed") ? 1 : 0;
            }
        }
        // the beats' own jobs completed when the beats were created
        for (Instant t : c.beatTimes()) {
            succeeded += t.isAfter(now.minus(Duration.ofHours(24))) && !t.isAfter(now) ? 1 : 0;
        }
        long remaining = 100; // the active key insert() adds for the beats, when there are beats
        if (c.beatTimes().isEmpty()) {
            remaining = 0;
        }
        for (int i = 0; i < c.keyStatuses().size(); i++) {
            fixture.key(c.keyStatuses().get(i), c.credits().get(i));
            remaining += c.keyStatuses().get(i).equals("active") ? c.credits().get(i) : 0;
        }
        Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
        StatsService stats = new StatsService(fixture.jdbi, fixture.clock, Duration.ofSeconds(60));

        JsonNode body = json(ApiResponse.json(200, stats.stats()));

        assertThat(body.get("totalBeats").asLong()).isEqualTo(c.beatTimes().size());
        assertThat(body.get("beatsToday").asLong()).isEqualTo(c.beatTimes().stream().filter(t -> !t.isBefore(dayStart)).count());
        assertThat(body.get("last24h").get("succeeded").asLong()).isEqualTo(succeeded);
        assertThat(body.get("last24h").get("failed").asLong()).isEqualTo(failed);
        assertThat(body.get("last24h").get("errorRate").asDouble())
                .isCloseTo(succeeded + failed == 0 ? 0 : (double) failed / (succeeded + failed), org.assertj.core.data.Offset.offset(0.00005));
        for (String status : List.of("exhausted", "error", "disabled")) {
            assertThat(body.get("keys").get(status).asLong()).as(status)
                    .isEqualTo(c.keyStatuses().stream().filter(status::equals).count());
        }
        assertThat(body.get("keys").get("active").asLong())
                .isEqualTo(c.keyStatuses().stream().filter("active"::equals).count() + (c.beatTimes().isEmpty() ? 0 : 1));
        assertThat(body.get("remainingCredits").asLong()).isEqualTo(remaining);
        assertThat(body.get("generatedAt").asText()).isEqualTo(now.toString());

        // cached: a new beat shows only once the cache time has passed
        fixture.insert(List.of(beat("Trap", "Dark", "Calm", List.of(), now.minusSeconds(1))));
        fixture.clock.advance(Duration.ofSeconds(59));
        assertThat(stats.stats().get("totalBeats")).isEqualTo((long) c.beatTimes().size());
        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(stats.stats().get("totalBeats")).isEqualTo((long) c.beatTimes().size() + 1);
    }

    @Property(tries = 100)
    @Label("Property 36: at most max requests from one IP in any 60 s; the next gets 429 until the oldest is 60 s old; other IPs are unaffected")
    void rateLimitPerIp(@ForAll @IntRange(min = 1, max = 100) int max, @ForAll @IntRange(min = 0, max = 600) int gapMillis,
                        @ForAll @IntRange(min = 0, max = 59_999) int startMillis) {
        fixture.clear();
        Instant start = Instant.parse("2026-03-01T10:00:00Z").plusMillis(startMillis);
        var clock = new com.beatgen.MutableClock(start);
        ApiFixture.Api limited = ApiFixture.all(fixture.wiring(ApiConfig.defaults().withRateLimit(Duration.ofSeconds(60), max), clock));
        String ip = "203.0.113." + (max % 250);
        List<Instant> accepted = new ArrayList<>();
        for (int i = 1; i <= max; i++) {
            Instant at = clock.instant();
            if (at.isAfter(start.plusMillis(59_000))) {
                break; // the gaps would reach the next window
            }
            assertThat(limited.handle(ApiRequest.of("GET", "/api/health", ip)).status()).as("request %d", i).isEqualTo(200);
            accepted.add(at);
            clock.advance(Duration.ofMillis(gapMillis));
        }
        if (accepted.size() < max) {
            return;
        }
        clock.set(accepted.get(accepted.size() - 1).plusMillis(gapMillis / 2));
        ApiResponse refused = limited.handle(ApiRequest.of("GET", "/api/health", ip).withHeader("X-Forwarded-For", "192.0.2.99"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers()).containsEntry("Content-Type", "application/problem+json");
        long waitMillis = Duration.between(clock.instant(), accepted.get(0).plusSeconds(60)).toMillis();
        assertThat(refused.headers().get("Retry-After")).as("until the oldest accepted request is 60 s old")
                .isEqualTo(String.valueOf(Math.max(1, (waitMillis + 999) / 1000)));
        assertThat(json(refused).get("status").asInt()).isEqualTo(429);
        assertThat(limited.handle(ApiRequest.of("GET", "/api/health", "2001:db8::1")).status()).isEqualTo(200);

        clock.set(accepted.get(0).plusSeconds(60).minusMillis(1));
        assertThat(limited.handle(ApiRequest.of("GET", "/api/health", ip)).status()).isEqualTo(429);
        clock.set(accepted.get(0).plusSeconds(60));
        assertThat(limited.handle(ApiRequest.of("GET", "/api/health", ip)).status()).isEqualTo(200);
        if (max > 1 && gapMillis > 0) {
            assertThat(limited.handle(ApiRequest.of("GET", "/api/health", ip)).status()).as("only one slot came free").isEqualTo(429);
        }
    }

    private static final List<String> TEMPLATE_KINDS = List.of("Trap|Dark|Calm", "Lo-Fi|Jazzy|Calm", "Trap|Jazzy|Sad");

    /** A prompt query: each filter given or not, in any letter case. */
    record PromptQuery(Optional<Integer> template, Optional<String> genre, Optional<String> mood, List<String> tags, int pageSize) {

        String uri(List<String> templateIds) {
            List<String> params = new ArrayList<>();
            template.ifPresent(t -> params.add("templateId=" + encode(templateIds.get(t))));
            genre.ifPresent(v -> params.add("genre=" + encode(v)));
            mood.ifPresent(v -> params.add("mood=" + encode(v)));
            if (!tags.isEmpty()) {
                params.add("tags=" + encode(String.join(",", tags)));
            }
            params.add("pageSize=" + pageSize);
            return "/api/prompts?" + String.join("&", params);
        }

        boolean matches(ApiFixture.Prompt p, List<String> templateIds) {
            return template.map(t -> templateIds.get(t).equals(p.templateId())).orElse(true)
                    && genre.map(p.genre()::equalsIgnoreCase).orElse(true)
                    && mood.map(p.mood()::equalsIgnoreCase).orElse(true)
                    && tags.stream().allMatch(tag -> p.tags().stream().anyMatch(tag::equalsIgnoreCase));
        }
    }

    @Property(tries = 100)
    @Label("Property 23 with cursors: prompt records by template, genre, mood and tags, every match exactly once, newest first")
    void promptCursorsWalkTheWholeList(@ForAll("prompts") List<int[]> shapes, @ForAll("promptQueries") PromptQuery query) {
        fixture.clear();
        List<String> templateIds = new ArrayList<>();
        for (String kind : TEMPLATE_KINDS) {
            String[] gsm = kind.split("\\|");
            templateIds.add(fixture.template(gsm[0], gsm[1], gsm[2], true));
        }
        Instant now = fixture.clock.instant();
        List<ApiFixture.Prompt> prompts = new ArrayList<>();
        for (int[] shape : shapes) { // template, age in seconds, tag bits
            String[] gsm = TEMPLATE_KINDS.get(shape[0]).split("\\|");
            List<String> tags = new ArrayList<>();
            for (int t = 0; t < TAGS.size(); t++) {
                if ((shape[2] & (1 << t)) != 0) {
                    tags.add(TAGS.get(t));
                }
            }
            prompts.add(new ApiFixture.Prompt(UUID.randomUUID().toString(), templateIds.get(shape[0]), gsm[0], gsm[1], gsm[2], tags,
                    now.minusSeconds(shape[1])));
        }
        fixture.insertPrompts(prompts);
        List<String> expected = prompts.stream().filter(p -> query.matches(p, templateIds))
                .sorted(Comparator.comparing(ApiFixture.Prompt::createdAt).thenComparing(ApiFixture.Prompt::id).reversed())
                .map(ApiFixture.Prompt::id).toList();

        assertThat(walk(query.uri(templateIds), expected.size(), query.pageSize())).containsExactlyElementsOf(expected);
    }

    @Property(tries = 100)
    @Label("Jobs with cursors: by status and creation time, every match exactly once, newest first")
    void jobCursorsWalkTheWholeList(@ForAll("jobShapes") List<int[]> shapes, @ForAll("statuses") Optional<String> status,
                                    @ForAll @IntRange(min = 0, max = 40) int fromAge, @ForAll @IntRange(min = 1, max = 12) int pageSize) {
        fixture.clear();
        String template = fixture.template("Trap", "Dark", "Calm", true);
        Instant now = fixture.clock.instant();
        record Job(String id, String status, Instant createdAt) {
        }
        List<Job> jobs = new ArrayList<>();
        for (int[] shape : shapes) { // status, age in seconds
            String s = JobQueries.STATUSES.get(shape[0]);
            Instant created = now.minusSeconds(shape[1]);
            boolean done = s.equals("completed") || s.equals("failed");
            jobs.add(new Job(fixture.job(template, s, created, done ? created.plusSeconds(60) : null, null), s, created));
        }
        Instant from = now.minusSeconds(fromAge);
        List<String> expected = jobs.stream().filter(j -> status.map(j.status()::equals).orElse(true) && !j.createdAt().isBefore(from))
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id).reversed()).map(Job::id).toList();
        String uri = "/api/jobs?pageSize=" + pageSize + "&from=" + encode(from.toString()) + status.map(s -> "&status=" + s).orElse("");

        assertThat(walk(uri, expected.size(), pageSize)).containsExactlyElementsOf(expected);
    }

    /** Follows nextCursor from {@code first} to the end; checks the total on every page and that full pages have more. */
    private static List<String> walk(String first, int expectedTotal, int pageSize) {
        List<String> seen = new ArrayList<>();
        String uri = first;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("pages walked").isLessThanOrEqualTo(expectedTotal);
            ApiResponse response = api.handle(get(uri));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("total").asLong()).as("total is the whole list's").isEqualTo(expectedTotal);
            assertThat(body.get("totalExact").asBoolean()).isTrue();
            List<String> page = ids(body.get("items"));
            seen.addAll(page);
            JsonNode next = body.get("nextCursor");
            if (next.isNull()) {
                return seen;
            }
            assertThat(page).as("a page with a next one is full").hasSize(pageSize);
            uri = first + "&cursor=" + encode(next.asText());
        }
    }

    @Provide
    Arbitrary<List<int[]>> prompts() {
        return Combinators.combine(Arbitraries.integers().between(0, TEMPLATE_KINDS.size() - 1), Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(0, (1 << TAGS.size()) - 1)).as((t, age, tags) -> new int[] {t, age, tags}).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<PromptQuery> promptQueries() {
        return Combinators.combine(
                Arbitraries.integers().between(0, TEMPLATE_KINDS.size() - 1).optional(0.3),
                Arbitraries.of("Trap", "Lo-Fi").flatMap(ApiProperties::cased).optional(0.4),
                Arbitraries.of("Calm", "Sad").flatMap(ApiProperties::cased).optional(0.3),
                Arbitraries.of(TAGS).flatMap(ApiProperties::cased).list().ofMaxSize(2),
                Arbitraries.integers().between(1, 7)
        ).as(PromptQuery::new);
    }

    @Provide
    Arbitrary<List<int[]>> jobShapes() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 50))
                .as((s, age) -> new int[] {s, age}).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<Optional<String>> statuses() {
        return Arbitraries.of(JobQueries.STATUSES).optional(0.6);
    }

    private static Beat beat(String genre, String style, String mood, List<String> tags, Instant createdAt) {
        String id = UUID.randomUUID().toString();
        return new Beat(id, "Beat " + id, genre, style, mood, tags, createdAt, id.charAt(0) < '8');
    }

    @Provide
    Arbitrary<List<Beat>> beats() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Arbitrary<Beat> beat = Combinators.combine(
                Arbitraries.of(GENRES), Arbitraries.of(STYLES), Arbitraries.of(MOODS),
                Arbitraries.of(TAGS).set().ofMaxSize(4).flatMap(set -> Combinators.combine(
                        set.stream().map(ApiProperties::cased).toList()).as(List::copyOf)),
                // few distinct seconds: ties on created_at are ordered by id
                Arbitraries.integers().between(0, 40),
                Arbitraries.of(true, false)
        ).as((g, s, m, tags, age, alt) -> {
            String id = UUID.randomUUID().toString();
            return new Beat(id, "Beat " + id, g, s, m, tags, now.minusSeconds(age), alt);
        });
        return beat.list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<Query> queries() {
        return Combinators.combine(
                Arbitraries.of(GENRES).flatMap(ApiProperties::cased).optional(0.5),
                Arbitraries.of(STYLES).flatMap(ApiProperties::cased).optional(0.3),
                Arbitraries.of(MOODS).flatMap(ApiProperties::cased).optional(0.3),
                Arbitraries.of(TAGS).flatMap(ApiProperties::cased).list().ofMaxSize(3),
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 12)
        ).as(Query::new);
    }

    @Provide
    Arbitrary<StatsCase> statsCases() {
        Instant now = fixture.clock.instant();
        Arbitrary<Instant> beatTime = Arbitraries.integers().between(0, 72 * 60).map(m -> now.minus(Duration.ofMinutes(m)));
        return Arbitraries.integers().between(0, 8).flatMap(jobs -> Arbitraries.integers().between(0, 6).flatMap(keys ->
                Combinators.combine(
                        beatTime.list().ofMaxSize(12),
                        Arbitraries.of("pending", "processing", "completed", "failed").list().ofSize(jobs),
                        Arbitraries.integers().between(0, 48 * 60).list().ofSize(jobs),
                        Arbitraries.of("active", "exhausted", "error", "disabled").list().ofSize(keys),
                        Arbitraries.integers().between(0, 500).list().ofSize(keys)
                ).as(StatsCase::new)));
    }

    /** The same word in another letter case: the API must not care. */
    private static Arbitrary<String> cased(String s) {
        return Arbitraries.of(s, s.toUpperCase(Locale.ROOT), s.toLowerCase(Locale.ROOT));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
