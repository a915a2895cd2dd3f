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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiServiceTest {

    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();
    private static ApiFixture.Api api;

    @BeforeAll
    static void start() {
        api = fixture.service();
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
        assertThat(parameters(badRequest("/api/prompts?" + query))).containsExactly("cursor");
        assertThat(parameters(badRequest("/api/jobs?" + query))).containsExactly("cursor");
    }

    @Test
    void totalsOfSeveralCriteriaAreExactUpToTheSampleThenEstimatedJobsThenAtLeast() {
        Instant now = fixture.clock.instant();
        fixture.insert(List.of(beat("Trap", List.of("chill"), now), beat("Trap", List.of("chill"), now.minusSeconds(1)),
                beat("House", List.of("chill"), now.minusSeconds(2))));
        BeatQueries bounded = new BeatQueries(fixture.jdbi, null, 2);
        // three criteria: the pair (chill, Trap) of the tag table's genre index drives, the mood is checked per row
        var both = new BeatQueries.Filter(Optional.of("trap"), Optional.empty(), Optional.of("mood"), List.of("CHILL"));
        Map<String, Object> exact = bounded.list(both, new Page(1, 20));
        assertThat(exact.get("total")).isEqualTo(2L);
        assertThat(exact.get("totalExact")).isEqualTo(true);

        fixture.insert(List.of(beat("Trap", List.of("chill"), now.minusSeconds(3)), beat("Trap", List.of(), now.minusSeconds(4)),
                beat("Trap", List.of(), now.minusSeconds(5)), beat("Trap", List.of(), now.minusSeconds(6))));
        Map<String, Object> estimated = bounded.list(both, new Page(1, 20));
        assertThat(estimated.get("total")).as("the pair (3 beats) drives; its newest 2 both match the mood: about 3").isEqualTo(3L);
        assertThat(estimated.get("totalExact")).isEqualTo(false);
        assertThat((List<?>) estimated.get("items")).as("the items are all there").hasSize(3);
        Map<String, Object> deeper = bounded.list(both, new Page(2, 2));
        assertThat(deeper.get("total")).as("never below what the page shows").isEqualTo(3L);
        Map<String, Object> pageThree = bounded.list(both, new Page(3, 1));
        assertThat(pageThree.get("total")).isEqualTo(3L);
        Map<String, Object> pair = bounded.list(new BeatQueries.Filter(Optional.of("Trap"), Optional.empty(), Optional.empty(),
                List.of("chill")), new Page(1, 20));
        assertThat(pair.get("total")).as("a tag and a genre alone: counted along their pair index, exact").isEqualTo(3L);
        assertThat(pair.get("totalExact")).isEqualTo(true);
        Map<String, Object> one = bounded.list(new BeatQueries.Filter(Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("chill")), new Page(1, 20));
        assertThat(one.get("total")).as("one criterion: the counter, exact at any size").isEqualTo(4L);
        Map<String, Object> rare = bounded.list(new BeatQueries.Filter(Optional.of("House"), Optional.empty(), Optional.empty(),
                List.of("chill")), new Page(1, 20));
        assertThat(rare.get("total")).as("the driving criterion within the sample: exact").isEqualTo(1L);
        assertThat(rare.get("totalExact")).isEqualTo(true);
        assertThat(one.get("totalExact")).isEqualTo(true);

        String template = fixture.template("Trap", "Dark", "Calm", true);
        for (int i = 0; i < 3; i++) {
            fixture.job(template, "failed", now.minusSeconds(i), now, "Suno.Timeout");
        }
        Map<String, Object> jobs = new JobQueries(fixture.jdbi, 2).list(new JobQueries.Filter(Optional.of("failed"),
                Optional.empty(), Optional.empty()), new Page(1, 20));
        assertThat(jobs.get("total")).isEqualTo(2L);
        assertThat(jobs.get("totalExact")).isEqualTo(false);
        assertThat((List<?>) jobs.get("items")).hasSize(3);
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
        BeatQueries queries = new BeatQueries(fixture.jdbi, null, 10_000);
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
                        "ix_beat_tag_genre_tag_created"),
                new Case(new BeatQueries.Filter(Optional.of("House"), Optional.empty(), Optional.of("Mood"), List.of("night", "chill")),
                        "ix_beat_tag_genre_tag_created"),
                new Case(new BeatQueries.Filter(Optional.empty(), Optional.empty(), Optional.of("Mood"), List.of("night")),
                        "ix_beat_tag_mood_tag_created"))) {
            for (Page page : List.of(new Page(1, 20), new Page(100, 100), new Page(3, 20, cursor))) {
                List<Map<String, Object>> plan = queries.explain(c.filter(), page);
                assertThat(plan.get(0).get("key")).as("%s %s: %s", c.filter(), page, plan).isEqualTo(c.index());
                assertThat(plan).as("%s %s", c.filter(), page)
                        .allMatch(row -> row.containsKey("extra"))
                        .noneMatch(row -> String.valueOf(row.get("extra")).contains("filesort"))
                        .noneMatch(row -> String.valueOf(row.get("extra")).contains("temporary"));
            }
        }
        // genre, style and mood together are tested on the driving index itself (V14): no row read per entry
        BeatQueries.Filter columns = new BeatQueries.Filter(Optional.of("Trap"), Optional.of("Style"), Optional.of("Mood"), List.of());
        assertThat(queries.explain(columns, new Page(1, 20))).singleElement()
                .satisfies(row -> assertThat(String.valueOf(row.get("extra"))).contains("Using index"));
    }

    @Test
    void aTemplateAndATagThatRarelyMeetAreOneRangeOfThePairIndexWithTheirTotal() {
        Instant now = fixture.clock.instant();
        String trap = fixture.template("Trap", "Dark", "Calm", true);
        String house = fixture.template("House", "Dark", "Calm", true);
        List<ApiFixture.Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // house has 19 records tagged piano and one (the oldest) tagged orchestral; trap has none of either
            String template = i < 20 ? trap : house;
            List<String> tags = i == 39 ? List.of("orchestral") : i < 20 ? List.of("night") : List.of("piano");
            prompts.add(new ApiFixture.Prompt(UUID.randomUUID().toString(), template, i < 20 ? "Trap" : "House", "Dark", "Calm", tags,
                    now.minusSeconds(i)));
        }
        fixture.insertPrompts(prompts);
        PromptQueries sampled = new PromptQueries(fixture.jdbi, 5);
        Optional<String> none = Optional.empty();

        Map<String, Object> rare = sampled.list(new PromptQueries.Filter(Optional.of(house), none, none, none, List.of("orchestral")),
                new Page(1, 20));
        assertThat(rare.get("total")).isEqualTo(1L);
        assertThat(rare.get("totalExact")).isEqualTo(true);
        assertThat((List<?>) rare.get("items")).hasSize(1);
        Map<String, Object> never = sampled.list(new PromptQueries.Filter(Optional.of(trap), none, none, none, List.of("orchestral")),
                new Page(1, 20));
        assertThat(never.get("total")).as("a pair that never meets: nothing walked").isEqualTo(0L);
        assertThat((List<?>) never.get("items")).isEmpty();
        Map<String, Object> common = sampled.list(new PromptQueries.Filter(Optional.of(house), none, none, none, List.of("piano")),
                new Page(1, 20));
        assertThat(common.get("total")).as("the pair is the whole filter: counted along its index, exact beyond the sample of 5")
                .isEqualTo(19L);
        assertThat(common.get("totalExact")).isEqualTo(true);
        assertThat((List<?>) common.get("items")).hasSize(19);
        Map<String, Object> withGenre = sampled.list(new PromptQueries.Filter(Optional.of(house), Optional.of("House"), none, none,
                List.of("piano")), new Page(1, 20));
        assertThat(withGenre.get("total")).as("a third criterion: checked on the pair's newest 5, scaled to its 19").isEqualTo(19L);
        assertThat(withGenre.get("totalExact")).isEqualTo(false);
        Map<String, Object> beyond = new PromptQueries(fixture.jdbi, 3).list(new PromptQueries.Filter(Optional.of(house), none, none,
                none, List.of("piano")), new Page(1, 20));
        assertThat(beyond.get("total")).as("19 rows, beyond the pair's counting limit of 15 (5 samples of 3): the tag's"
                + " newest 3 are all the template's, scaled to its 19 records").isEqualTo(19L);
        assertThat(beyond.get("totalExact")).isEqualTo(false);
        assertThat((List<?>) beyond.get("items")).hasSize(19);
    }

    @Test
    void everyPromptAndJobListWalksOneIndexNewestFirstWithoutSorting() {
        Instant now = fixture.clock.instant();
        String trap = fixture.template("Trap", "Dark", "Calm", true);
        String house = fixture.template("House", "Dark", "Calm", true);
        List<ApiFixture.Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            prompts.add(new ApiFixture.Prompt(UUID.randomUUID().toString(), i % 3 == 0 ? trap : house, i % 3 == 0 ? "Trap" : "House",
                    "Dark", "Calm", i % 2 == 0 ? List.of("chill", "night") : List.of("chill"), now.minusSeconds(i)));
            fixture.job(i % 3 == 0 ? trap : house, i % 4 == 0 ? "failed" : "completed", now.minusSeconds(i), now, null);
        }
        fixture.insertPrompts(prompts);
        PromptQueries promptQueries = new PromptQueries(fixture.jdbi, 10_000);
        JobQueries jobQueries = new JobQueries(fixture.jdbi, 10_000);
        Cursor cursor = new Cursor(now.minusSeconds(10), "zzzz");
        Optional<String> none = Optional.empty();
        record Case(PromptQueries.Filter filter, String index) {
        }
        for (Page page : List.of(new Page(1, 20), new Page(100, 100), new Page(3, 20, cursor))) {
            for (Case c : List.of(
                    new Case(new PromptQueries.Filter(none, none, none, none, List.of()), "ix_prompt_record_created"),
                    new Case(new PromptQueries.Filter(Optional.of(trap), none, none, none, List.of()), "ix_prompt_record_template_created"),
                    new Case(new PromptQueries.Filter(none, Optional.of("Trap"), none, Optional.of("Calm"), List.of()),
                            "ix_prompt_record_genre_created"),
                    new Case(new PromptQueries.Filter(none, Optional.of("House"), none, none, List.of("night")),
                            "ix_prompt_record_tag_tag_created"),
                    new Case(new PromptQueries.Filter(Optional.of(trap), none, none, none, List.of("chill")),
                            "ix_prompt_record_tag_template_tag_created"),
                    new Case(new PromptQueries.Filter(Optional.of(trap), Optional.of("Trap"), none, none, List.of("night", "chill")),
                            "ix_prompt_record_tag_template_tag_created"))) {
                assertWalks(promptQueries.explain(c.filter(), page), c.index(), c.filter() + " " + page);
            }
            assertWalks(jobQueries.explain(new JobQueries.Filter(Optional.of("failed"), Optional.empty(), Optional.empty()), page), "ix_beat_job_status_created",
                    "failed " + page);
            assertWalks(jobQueries.explain(new JobQueries.Filter(Optional.empty(), Optional.of(now.minusSeconds(30)), Optional.of(now)), page),
                    "ix_beat_job_created", "from/to " + page);
        }
    }

    private static void assertWalks(List<Map<String, Object>> plan, String index, String what) {
        assertThat(plan.get(0).get("key")).as("%s: %s", what, plan).isEqualTo(index);
        assertThat(plan).as(what)
                .allMatch(row -> row.containsKey("extra"))
                .noneMatch(row -> String.valueOf(row.get("extra")).contains("filesort"))
                .noneMatch(row -> String.valueOf(row.get("extra")).contains("temporary"));
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

        fixture.insertPrompts(List.of(new ApiFixture.Prompt("p1", active, "Trap", "Dark", "Calm", List.of("Chill", "night"), now)));
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
        ApiFixture.Api iam = fixture.service(ApiConfig.defaults());
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
            assertThat(all.stream().filter(d -> !d.allowed()).map(RateLimiter.Decision::retryAfter))
                    .as("the clock stands still: the first slot frees in 60 s").containsOnly(Duration.ofSeconds(60));
            assertThat(new RateLimiter(instances.get(1).jdbi(), fixture.clock, Duration.ofSeconds(60), 100)
                    .acquire("192.0.2.2").allowed()).isTrue();
        } finally {
            pool.shutdownNow();
            instances.forEach(Database::close);
        }
    }

    @Test
    void rateLimitCleansUpLongUnusedSlots() {
        var clock = new com.beatgen.MutableClock(Instant.parse("2026-03-01T10:00:30Z"));
        RateLimiter limiter = new RateLimiter(fixture.jdbi, clock, Duration.ofSeconds(60), 100);
        limiter.acquire("192.0.2.3");
        limiter.acquire("192.0.2.3");
        clock.advance(RateLimiter.KEEP.plusSeconds(1));
        limiter.acquire("192.0.2.4");
        List<Map<String, Object>> rows = fixture.jdbi.withHandle(h -> h.createQuery(
                "SELECT client_ip, slot FROM api_rate_limit_slot ORDER BY client_ip").mapToMap().list());
        assertThat(rows).as("slots unused for an hour are gone").hasSize(1);
        assertThat(rows.get(0).get("client_ip")).isEqualTo("192.0.2.4");
    }

    @Test
    void aSecondHundredRightAfterAMinuteBoundaryWaitsSixtySecondsAfterTheFirst() {
        var clock = new com.beatgen.MutableClock(Instant.parse("2026-03-01T10:00:57.300Z"));
        RateLimiter limiter = new RateLimiter(fixture.jdbi, clock, Duration.ofSeconds(60), 100);
        List<Instant> accepted = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // 10:00:57.300 … 10:00:59.280, at the end of one minute
            assertThat(limiter.acquire("192.0.2.5").allowed()).as("request %d", i + 1).isTrue();
            accepted.add(clock.instant());
            clock.advance(Duration.ofMillis(20));
        }
        clock.set(Instant.parse("2026-03-01T10:01:00.300Z")); // the next minute
        for (int i = 0; i < 100; i++) {
            RateLimiter.Decision refused = limiter.acquire("192.0.2.5");
            assertThat(refused.allowed()).as("second hundred, request %d", i + 1).isFalse();
            assertThat(refused.retryAfter()).as("until 10:01:57.300").isEqualTo(Duration.ofSeconds(57));
            clock.advance(Duration.ofMillis(10));
        }
        // each of the first hundred frees its slot exactly 60 s after it was accepted, not a millisecond before
        for (Instant first : accepted) {
            clock.set(first.plusSeconds(60).minusMillis(1));
            assertThat(limiter.acquire("192.0.2.5").allowed()).as("before %s + 60 s", first).isFalse();
            clock.set(first.plusSeconds(60));
            assertThat(limiter.acquire("192.0.2.5").allowed()).as("at %s + 60 s", first).isTrue();
        }
        assertThat(limiter.acquire("192.0.2.5").allowed()).isFalse();
    }

    @Test
    void eachFunctionAnswersOnlyItsOwnOperations() {
        ApiWiring wiring = fixture.wiring();
        ApiRequest keys = ApiRequest.of("GET", "/api/keys", "198.51.100.7").withHeader("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN);
        ApiResponse fromHealth = wiring.service("HealthApiFunction").handle(keys);
        assertThat(fromHealth.status()).as(fromHealth.body()).isEqualTo(404);
        assertThat(fromHealth.headers()).containsEntry("Content-Type", "application/problem+json");
        assertThat(wiring.service("KeysAdminApiFunction").handle(keys).status()).isEqualTo(200);
        Set<String> functions = new java.util.TreeSet<>();
        ApiRoutes.ALL.forEach(r -> functions.add(r.function()));
        for (String function : functions) {
            for (ApiRoutes.Route route : ApiRoutes.ALL) {
                String path = route.path().replace("{id}", UUID.randomUUID().toString());
                ApiResponse response = wiring.service(function).handle(ApiRequest.of(route.method(), path, "198.51.100.7")
                        .withHeader("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN).withBody("{}"));
                String detail = json(response).path("detail").asText();
                if (route.function().equals(function)) {
                    assertThat(response.status()).as("%s %s %s", function, route.method(), path).isNotIn(405, 500);
                    assertThat(detail).as("%s %s %s", function, route.method(), path).doesNotStartWith("No route");
                } else {
                    assertThat(response.status()).as("%s %s %s", function, route.method(), path).isEqualTo(404);
                    assertThat(detail).isEqualTo("No route for " + route.method() + " " + path);
                }
            }
        }
    }
}
