package com.beatgen.api;

import static com.beatgen.api.ApiFixture.get;
import static com.beatgen.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiServiceTest {

    private static ApiFixture fixture;
    private static ApiService api;

    @BeforeAll
    static void start() {
        fixture = new ApiFixture();
        api = fixture.service();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void clear() {
        fixture.clear();
    }

    private static JsonNode badRequest(String uri) {
        ApiResponse response = api.handle(get(uri));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
        assertThat(problem.has("type")).isTrue();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContainIgnoringCase("select").doesNotContain("Exception").doesNotContain("at com.");
        return problem;
    }

    private static List<String> parameters(JsonNode problem) {
        List<String> names = new ArrayList<>();
        problem.get("errors").forEach(e -> names.add(e.get("parameter").asText()));
        return names;
    }

    @Test
    void rejectsUnknownParameterNamingIt() {
        assertThat(parameters(badRequest("/api/beats?genre=Trap&colour=red"))).containsExactly("colour");
        assertThat(parameters(badRequest("/api/stats?x=1"))).containsExactly("x");
        assertThat(parameters(badRequest("/api/health?verbose=true"))).containsExactly("verbose");
        assertThat(parameters(badRequest("/api/beats/" + UUID.randomUUID() + "?expand=all"))).containsExactly("expand");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pageSize=0", "pageSize=101", "pageSize=abc", "pageSize=", "pageSize=-1", "pageSize=1.5",
            "page=0", "page=abc", "page=99999999999999999999", "page=101"})
    void rejectsMalformedPaging(String query) {
        for (String path : List.of("/api/beats", "/api/prompts", "/api/templates", "/api/jobs")) {
            assertThat(parameters(badRequest(path + "?" + query))).containsExactly(query.substring(0, query.indexOf('=')));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cursor=", "cursor=abc", "cursor=1~", "cursor=~id", "cursor=123456789012345~id",
            "cursor=1~a%20b", "cursor=1~a~b", "cursor=-1~id"})
    void rejectsMalformedCursors(String query) {
        assertThat(parameters(badRequest("/api/beats?" + query))).containsExactly("cursor");
        assertThat(parameters(badRequest("/api/jobs?" + query))).as("only beats have cursors").containsExactly("cursor");
    }

    @Test
    void totalsOfSeveralCriteriaAreCachedForTheConfiguredTimeOthersNever() {
        ApiService cached = fixture.service(ApiConfig.defaults().withRateLimit(Duration.ofSeconds(60), 1_000_000)
                .withCountCache(Duration.ofSeconds(30)));
        Instant now = fixture.clock.instant();
        fixture.insert(List.of(beat("Trap", List.of("chill"), now), beat("Trap", List.of("chill"), now.minusSeconds(1)),
                beat("House", List.of("chill"), now.minusSeconds(2))));
        String both = "/api/beats?genre=trap&tags=CHILL";
        assertThat(json(cached.handle(get(both))).get("total").asInt()).isEqualTo(2);

        fixture.insert(List.of(beat("Trap", List.of("chill"), now.minusSeconds(3))));
        JsonNode stale = json(cached.handle(get("/api/beats?genre=Trap&tags=chill")));
        assertThat(stale.get("total").asInt()).as("cached, whatever the letter case").isEqualTo(2);
        assertThat(stale.get("items").size()).as("the items are always read").isEqualTo(3);
        assertThat(json(cached.handle(get("/api/beats?tags=chill"))).get("total").asInt()).as("one criterion: exact").isEqualTo(4);
        assertThat(json(cached.handle(get("/api/beats"))).get("total").asInt()).isEqualTo(4);

        fixture.clock.advance(Duration.ofSeconds(31));
        assertThat(json(cached.handle(get(both))).get("total").asInt()).isEqualTo(3);
    }

    @Test
    void everyBeatListWalksOneIndexNewestFirstWithoutSorting() {
        Instant now = fixture.clock.instant();
        List<ApiFixture.Beat> beats = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            beats.add(beat(i % 3 == 0 ? "Trap" : "House", i % 2 == 0 ? List.of("chill", "night") : List.of("chill"),
                    now.minusSeconds(i)));
        }
        fixture.insert(beats);
        BeatQueries queries = new BeatQueries(fixture.jdbi, null, Duration.ZERO, () -> 0);
        Cursor cursor = new Cursor(now.minusSeconds(10), "zzzz");
        record Case(BeatQueries.Filter filter, String index) {
        }
        for (Case c : List.of(
                new Case(new BeatQueries.Filter(Optional.empty(), Optional.empty(), Optional.empty(), List.of()), "ix_beat_created"),
                new Case(new BeatQueries.Filter(Optional.of("Trap"), Optional.empty(), Optional.empty(), List.of()),
                        "ix_beat_genre_created"),
                new Case(new BeatQueries.Filter(Optional.empty(), Optional.of("Style"), Optional.of("Mood"), List.of()),
                        "ix_beat_style_created"),
                new Case(new BeatQueries.Filter(Optional.empty(), Optional.empty(), Optional.empty(), List.of("chill", "night")),
                        "ix_beat_tag_tag_created"),
                new Case(new BeatQueries.Filter(Optional.of("Trap"), Optional.empty(), Optional.empty(), List.of("chill")),
                        "ix_beat_genre_created"),
                new Case(new BeatQueries.Filter(Optional.of("House"), Optional.empty(), Optional.empty(), List.of("night")),
                        "ix_beat_tag_tag_created"))) {
            for (Page page : List.of(new Page(1, 20), new Page(100, 100), new Page(3, 20, cursor))) {
                List<Map<String, Object>> plan = queries.explain(c.filter(), page);
                assertThat(plan.get(0).get("key")).as("%s %s: %s", c.filter(), page, plan).isEqualTo(c.index());
                assertThat(plan).as("%s %s", c.filter(), page)
                        .noneMatch(row -> String.valueOf(row.get("Extra")).contains("filesort"))
                        .noneMatch(row -> String.valueOf(row.get("Extra")).contains("temporary"));
            }
        }
    }

    private static ApiFixture.Beat beat(String genre, List<String> tags, Instant createdAt) {
        String id = UUID.randomUUID().toString();
        return new ApiFixture.Beat(id, "Beat " + id, genre, "Style", "Mood", tags, createdAt, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tags=", "tags=,", "tags=chill,,night", "tags=%20,chill", "tags=chill,",
            "tags=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u"})
    void rejectsBadTags(String query) {
        assertThat(parameters(badRequest("/api/beats?" + query))).containsExactly("tags");
        assertThat(parameters(badRequest("/api/prompts?" + query))).containsExactly("tags");
    }

    @Test
    void rejectsMalformedValuesAndRepeatedParameters() {
        assertThat(parameters(badRequest("/api/jobs?status=done"))).containsExactly("status");
        assertThat(parameters(badRequest("/api/templates?active=yes"))).containsExactly("active");
        assertThat(parameters(badRequest("/api/beats?genre=Trap&genre=House"))).containsExactly("genre");
        assertThat(parameters(badRequest("/api/beats?genre="))).containsExactly("genre");
        assertThat(parameters(badRequest("/api/beats?genre=" + "x".repeat(101)))).containsExactly("genre");
        assertThat(parameters(badRequest("/api/beats?pageSize=0&page=0&bogus=1"))).containsExactly("bogus", "page", "pageSize");
    }

    @Test
    void acceptsOddButValidInput() {
        for (String uri : List.of("/api/beats?genre=%27%3B%20DROP%20TABLE%20beat%3B--", "/api/beats?tags=%E2%99%AB,%F0%9F%8E%B5",
                "/api/beats?tags=%20chill%20,night&page=%2B2", "/api/prompts?templateId=%25&genre=_", "/api/beats?page=100&pageSize=100",
                "/api/beats?cursor=99999999999999~zz-Z&page=100", "/api/beats?cursor=0~0",
                "/api/beats?genre=" + "%F0%9F%8E%B5".repeat(100))) {
            ApiResponse response = api.handle(get(uri));
            assertThat(response.status()).as(uri + " " + response.body()).isEqualTo(200);
            assertThat(json(response).get("total").asInt()).isZero();
        }
    }

    @Test
    void unknownIdsAndRoutesAreNotFound() {
        for (String uri : List.of("/api/beats/" + UUID.randomUUID(), "/api/beats/not-a-uuid", "/api/beats/%00", "/api/nothing",
                "/api", "/", "/api/beats/" + UUID.randomUUID() + "/more")) {
            ApiResponse response = api.handle(get(uri));
            assertThat(response.status()).as(uri).isEqualTo(404);
            assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
        }
    }

    @Test
    void wrongMethodIsNotAllowed() {
        ApiResponse response = api.handle(ApiRequest.of("DELETE", "/api/beats", "198.51.100.7"));
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "GET");
    }

    @Test
    void listsTemplatesPromptsAndJobsWithFilters() {
        String active = fixture.template("Trap", "Dark", "Calm", true);
        fixture.template("House", "Dark", "Calm", false);
        Instant now = fixture.clock.instant();
        String failed = fixture.job(active, "failed", now.minusSeconds(600), now.minusSeconds(300), "Suno.Timeout");
        fixture.job(active, "processing", now.minusSeconds(60), null, null);

        JsonNode templates = json(api.handle(get("/api/templates?genre=trap")));
        assertThat(templates.get("total").asInt()).isEqualTo(1);
        assertThat(templates.get("catalog").get("runsPer24Hours").asInt()).isEqualTo(96);
        assertThat(templates.get("catalog").get("sufficient").asBoolean()).as("issue 13: a small catalog is flagged").isFalse();
        assertThat(templates.get("catalog").get("warning").asText()).contains("runs in 24 h");
        assertThat(templates.get("items").get(0).get("tags").get(0).asText()).isEqualTo("chill");
        assertThat(json(api.handle(get("/api/templates?active=false"))).get("items").get(0).get("genre").asText()).isEqualTo("House");

        JsonNode jobs = json(api.handle(get("/api/jobs?status=failed")));
        assertThat(jobs.get("total").asInt()).isEqualTo(1);
        JsonNode job = jobs.get("items").get(0);
        assertThat(job.get("id").asText()).isEqualTo(failed);
        assertThat(job.get("errorName").asText()).isEqualTo("Suno.Timeout");
        assertThat(job.get("timings").get("durationSeconds").asDouble()).isEqualTo(300.0);
        assertThat(json(api.handle(get("/api/jobs"))).get("items").get(0).get("status").asText()).isEqualTo("processing");

        fixture.jdbi.useHandle(h -> {
            h.execute("""
                    INSERT INTO prompt_record (id, template_id, job_id, version, base_prompt, normalized_prompt, concept,
                                               execution_result, created_at, updated_at)
                    VALUES ('p1', ?, ?, 1, 'base', 'normalized', '{}', 'failure', ?, ?)""", active, failed, now, now);
            h.execute("INSERT INTO prompt_record_tag (prompt_record_id, tag) VALUES ('p1', 'Chill'), ('p1', 'night')");
        });
        JsonNode prompts = json(api.handle(get("/api/prompts?templateId=" + active + "&tags=CHILL,Night&mood=calm")));
        assertThat(prompts.get("total").asInt()).isEqualTo(1);
        assertThat(prompts.get("items").get(0).get("tags").toString()).isEqualTo("[\"Chill\",\"night\"]");
        assertThat(json(api.handle(get("/api/prompts?tags=chill,piano"))).get("total").asInt()).isZero();
    }

    @Test
    void healthAnswersOk() {
        JsonNode health = json(api.handle(get("/api/health")));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("database").asText()).isEqualTo("up");
    }

    @Test
    void adminRoutesNeedTheTokenAndNeverShowKeys() {
        ApiRequest list = ApiRequest.of("GET", "/api/keys", "198.51.100.7");
        assertThat(api.handle(list).status()).isEqualTo(401);
        assertThat(api.handle(list.withHeader("authorization", "Bearer wrong-token")).status()).isEqualTo(401);
        assertThat(api.handle(list).headers()).containsEntry("WWW-Authenticate", "Bearer");
        String auth = "Bearer " + ApiFixture.ADMIN_TOKEN;

        ApiResponse added = api.handle(ApiRequest.of("POST", "/api/keys", "198.51.100.7").withHeader("Authorization", auth)
                .withBody("{\"label\":\"main\",\"key\":\"sk-live-1234567890abcd\"}"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode key = json(added);
        assertThat(key.get("masked").asText()).isEqualTo("****abcd");
        assertThat(added.body()).doesNotContain("sk-live-1234567890");
        String id = key.get("id").asText();

        fixture.sunoCredits.set(5);
        JsonNode refreshed = json(api.handle(ApiRequest.of("POST", "/api/keys/" + id + "/refresh", "198.51.100.7")
                .withHeader("Authorization", auth)));
        assertThat(refreshed.get("quotaRemaining").asInt()).isEqualTo(5);
        assertThat(refreshed.get("status").asText()).isEqualTo("exhausted");

        ApiResponse disabled = api.handle(ApiRequest.of("PATCH", "/api/keys/" + id, "198.51.100.7").withHeader("Authorization", auth)
                .withBody("{\"enabled\":false}"));
        assertThat(json(disabled).get("status").asText()).isEqualTo("disabled");

        ApiResponse all = api.handle(list.withHeader("Authorization", auth));
        assertThat(json(all).get("items").size()).isEqualTo(1);
        assertThat(all.body()).doesNotContain("sk-live");

        assertThat(api.handle(ApiRequest.of("PATCH", "/api/keys/" + UUID.randomUUID(), "198.51.100.7")
                .withHeader("Authorization", auth).withBody("{\"enabled\":true}")).status()).isEqualTo(404);
        assertThat(api.handle(ApiRequest.of("POST", "/api/keys/" + UUID.randomUUID() + "/refresh", "198.51.100.7")
                .withHeader("Authorization", auth)).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "POST|/api/keys|{\"label\":\"x\",\"key\":\"short\"}|key",
            "POST|/api/keys|{\"label\":\"\",\"key\":\"sk-long-enough\"}|label",
            "POST|/api/keys|{\"label\":\"x\",\"key\":\"sk-long-enough\",\"admin\":true}|admin",
            "POST|/api/keys|not json|body",
            "POST|/api/keys|[1]|body",
            "PATCH|/api/keys/00000000-0000-0000-0000-000000000000|{\"enabled\":\"yes\"}|enabled",
            "PATCH|/api/keys/00000000-0000-0000-0000-000000000000|{}|enabled"})
    void rejectsBadAdminBodies(String method, String path, String body, String parameter) {
        ApiResponse response = api.handle(ApiRequest.of(method, path, "198.51.100.7")
                .withHeader("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN).withBody(body));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(parameters(json(response))).containsExactly(parameter);
    }

    @Test
    void withoutTokenTheAdminRoutesNeedAnIamCaller() {
        ApiService iam = fixture.service(ApiConfig.defaults());
        ApiRequest list = ApiRequest.of("GET", "/api/keys", "198.51.100.8");
        assertThat(iam.handle(list).status()).isEqualTo(401);
        assertThat(iam.handle(list.withHeader("Authorization", "Bearer anything")).status()).isEqualTo(401);
        assertThat(iam.handle(list.withCaller("arn:aws:iam::123456789012:user/admin")).status()).isEqualTo(200);
    }

    @Test
    void rateLimitIsExactAcrossConcurrentInstances() throws Exception {
        DatabaseConfig config = TestDatabase.freshConfig();
        List<Database> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(Database.connect(config));
        }
        instances.get(0).migrate();
        int threads = 12;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<List<RateLimiter.Decision>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RateLimiter limiter = new RateLimiter(instances.get(t % instances.size()).jdbi(), fixture.clock, Duration.ofSeconds(60), 100);
                results.add(pool.submit(() -> {
                    start.await();
                    List<RateLimiter.Decision> decisions = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        decisions.add(limiter.acquire("192.0.2.1"));
                    }
                    return decisions;
                }));
            }
            List<RateLimiter.Decision> all = new ArrayList<>();
            for (Future<List<RateLimiter.Decision>> result : results) {
                all.addAll(result.get());
            }
            assertThat(all.stream().filter(RateLimiter.Decision::allowed).count()).isEqualTo(100);
            assertThat(all.stream().map(RateLimiter.Decision::count).sorted().toList())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * perThread).boxed().toList());
            assertThat(new RateLimiter(instances.get(1).jdbi(), fixture.clock, Duration.ofSeconds(60), 100)
                    .acquire("192.0.2.2").allowed()).isTrue();
        } finally {
            pool.shutdownNow();
            instances.forEach(Database::close);
        }
    }

    @Test
    void rateLimitCleansUpEndedWindows() {
        var clock = new com.beatgen.MutableClock(Instant.parse("2026-03-01T10:00:30Z"));
        RateLimiter limiter = new RateLimiter(fixture.jdbi, clock, Duration.ofSeconds(60), 100);
        limiter.acquire("192.0.2.3");
        clock.advance(Duration.ofMinutes(1));
        limiter.acquire("192.0.2.3");
        clock.advance(Duration.ofMinutes(1));
        limiter.acquire("192.0.2.4");
        List<Map<String, Object>> rows = fixture.jdbi.withHandle(h -> h.createQuery(
                "SELECT client_ip, window_start FROM api_rate_limit ORDER BY window_start").mapToMap().list());
        // the window two back is gone; the previous one is kept for instances whose clocks lag
        assertThat(rows).hasSize(2);
    }
}
