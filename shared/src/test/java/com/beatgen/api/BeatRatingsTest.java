package com.beatgen.api;

import static com.beatgen.api.ApiFixture.get;
import static com.beatgen.api.ApiFixture.ids;
import static com.beatgen.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Judging (issue 18): PUT /api/beats/{id}/ratings/{take}, the ratings in the list and detail, the rating filter. */
class BeatRatingsTest {

    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();
    private static ApiFixture.Api api;
    private final String[] beat = new String[6];

    @BeforeAll
    static void start() {
        api = fixture.service();
    }

    /** Six beats, beat[0] the oldest; beat[5] has no alternate take; beats 0–2 are Trap, the others House. */
    @BeforeEach
    void beats() {
        fixture.clear();
        Instant now = fixture.clock.instant();
        List<ApiFixture.Beat> beats = new java.util.ArrayList<>();
        for (int i = 0; i < beat.length; i++) {
            beat[i] = UUID.randomUUID().toString();
            beats.add(new ApiFixture.Beat(beat[i], "Beat " + i, i < 3 ? "Trap" : "House", "Dark", "Calm", List.of("night"),
                    now.minusSeconds(600 - i), i != 5));
        }
        fixture.insert(beats);
    }

    private static ApiResponse rate(String id, String take, String body) {
        return api.handle(ApiRequest.of("PUT", "/api/beats/" + id + "/ratings/" + take, "198.51.100.7")
                .withHeader("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN).withBody(body));
    }

    private static JsonNode ok(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static List<String> list(String query) {
        return ids(ok(api.handle(get("/api/beats?pageSize=100&" + query))).get("items"));
    }

    @Test
    void aTakesRatingIsStoredShownAndFilteredByNewestFirst() {
        JsonNode answer = ok(rate(beat[1], "primary", "{\"rating\":\"keep\"}"));
        assertThat(answer.get("id").asText()).isEqualTo(beat[1]);
        assertThat(answer.get("ratings").toString()).isEqualTo("{\"primary\":\"keep\",\"alternate\":null}");
        ok(rate(beat[2], "primary", "{\"rating\":\"skip\"}"));
        ok(rate(beat[4], "primary", "{\"rating\":\"skip\"}"));
        ok(rate(beat[4], "alternate", "{\"rating\":\"keep\"}"));
        ok(rate(beat[5], "primary", "{\"rating\":\"skip\"}"));

        assertThat(list("rating=keep")).containsExactly(beat[4], beat[1]);
        assertThat(list("rating=skip")).containsExactly(beat[5], beat[2]);
        assertThat(list("rating=unrated")).containsExactly(beat[3], beat[0]);
        assertThat(list("rating=keep&genre=House")).containsExactly(beat[4]);
        assertThat(list("rating=unrated&genre=Trap&tags=night")).containsExactly(beat[0]);
        assertThat(ok(api.handle(get("/api/beats?rating=keep"))).get("total").asLong()).isEqualTo(2);
        assertThat(ok(api.handle(get("/api/beats?rating=unrated"))).get("total").asLong()).isEqualTo(2);

        JsonNode items = ok(api.handle(get("/api/beats"))).get("items");
        assertThat(items.get(1).get("id").asText()).isEqualTo(beat[4]);
        assertThat(items.get(1).get("ratings").get("primary").asText()).isEqualTo("skip");
        assertThat(items.get(1).get("ratings").get("alternate").asText()).isEqualTo("keep");
        assertThat(items.get(2).get("ratings").get("primary").isNull()).isTrue();
        JsonNode detail = ok(api.handle(get("/api/beats/" + beat[4])));
        assertThat(detail.get("ratings").get("alternate").asText()).isEqualTo("keep");
    }

    @Test
    void aRatingFilterPagesByCursorLikeTheOthers() {
        for (String id : beat) {
            ok(rate(id, "primary", "{\"rating\":\"keep\"}"));
        }
        JsonNode first = ok(api.handle(get("/api/beats?rating=keep&pageSize=4")));
        assertThat(ids(first.get("items"))).containsExactly(beat[5], beat[4], beat[3], beat[2]);
        JsonNode second = ok(api.handle(get("/api/beats?rating=keep&pageSize=4&cursor=" + first.get("nextCursor").asText())));
        assertThat(ids(second.get("items"))).containsExactly(beat[1], beat[0]);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(second.get("total").asLong()).isEqualTo(6);
    }

    @Test
    void clearingBothTakesMakesTheBeatUnratedAgain() {
        ok(rate(beat[3], "primary", "{\"rating\":\"keep\"}"));
        ok(rate(beat[3], "alternate", "{\"rating\":\"skip\"}"));
        ok(rate(beat[3], "primary", "{\"rating\":\"unrated\"}"));
        assertThat(list("rating=skip")).containsExactly(beat[3]);
        JsonNode cleared = ok(rate(beat[3], "alternate", "{\"rating\":\"unrated\"}"));
        assertThat(cleared.get("ratings").get("primary").isNull()).isTrue();
        assertThat(list("rating=unrated")).hasSize(beat.length);
        long rows = fixture.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_rating").mapTo(Long.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void theRatingFilterWalksOneIndexNewestFirstAndItsCountsAgreeWithTheRows() {
        ok(rate(beat[1], "primary", "{\"rating\":\"keep\"}"));
        ok(rate(beat[4], "alternate", "{\"rating\":\"skip\"}"));
        ok(rate(beat[4], "alternate", "{\"rating\":\"keep\"}"));
        ok(rate(beat[3], "primary", "{\"rating\":\"skip\"}"));
        ok(rate(beat[3], "primary", "{\"rating\":\"unrated\"}"));
        assertThat(fixture.jdbi.withHandle(com.beatgen.pipeline.BeatCounts::mismatches)).as("beat_facet_count after judging").isEmpty();
        long kept = fixture.jdbi.withHandle(h -> h.createQuery(
                "SELECT beats FROM beat_facet_count WHERE facet = 'rating' AND value = 'keep'").mapTo(Long.class).one());
        assertThat(kept).isEqualTo(2);

        BeatQueries queries = new BeatQueries(fixture.jdbi, null, 10_000);
        java.util.Optional<String> none = java.util.Optional.empty();
        record Case(BeatQueries.Filter filter, String index) {
        }
        Cursor cursor = new Cursor(fixture.clock.instant().minusSeconds(597), "zzzz");
        for (Case c : List.of(
                new Case(new BeatQueries.Filter(none, none, none, List.of(), java.util.Optional.of("keep")), "ix_beat_rating_verdict_created"),
                new Case(new BeatQueries.Filter(java.util.Optional.of("Trap"), none, none, List.of("night"), java.util.Optional.of("keep")),
                        "ix_beat_rating_verdict_created"),
                new Case(new BeatQueries.Filter(none, none, none, List.of(), java.util.Optional.of("unrated")), "ix_beat_created"),
                new Case(new BeatQueries.Filter(java.util.Optional.of("Trap"), none, none, List.of(), java.util.Optional.of("unrated")),
                        "ix_beat_genre_created"))) {
            for (Page page : List.of(new Page(1, 20), new Page(3, 2, cursor))) {
                List<java.util.Map<String, Object>> plan = queries.explain(c.filter(), page);
                assertThat(plan.get(0).get("key")).as("%s %s: %s", c.filter(), page, plan).isEqualTo(c.index());
                assertThat(plan).as("%s %s", c.filter(), page)
                        .allMatch(row -> row.containsKey("extra"))
                        .noneMatch(row -> String.valueOf(row.get("extra")).contains("filesort"))
                        .noneMatch(row -> String.valueOf(row.get("extra")).contains("temporary"));
            }
        }
        JsonNode several = ok(api.handle(get("/api/beats?rating=unrated&genre=Trap")));
        assertThat(ids(several.get("items"))).containsExactly(beat[2], beat[0]);
        assertThat(several.get("total").asLong()).isEqualTo(2);
        assertThat(several.get("totalExact").asBoolean()).isTrue();
    }

    @Test
    void judgingNeedsTheAdminToken() {
        ApiRequest anonymous = ApiRequest.of("PUT", "/api/beats/" + beat[0] + "/ratings/primary", "198.51.100.7")
                .withBody("{\"rating\":\"keep\"}");
        assertThat(api.handle(anonymous).status()).isEqualTo(401);
        assertThat(api.handle(anonymous.withHeader("Authorization", "Bearer wrong")).status()).isEqualTo(401);
        assertThat(list("rating=unrated")).hasSize(beat.length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"rating\":\"great\"}|rating",
            "{\"rating\":5}|rating",
            "{}|rating",
            "{\"rating\":\"keep\",\"by\":\"me\"}|by",
            "not json|body"})
    void rejectsBadBodies(String body, String parameter) {
        ApiResponse response = rate(beat[0], "primary", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(json(response).get("errors").get(0).get("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void unknownBeatsTakesAndMissingAlternatesAreNotFound() {
        assertThat(rate(UUID.randomUUID().toString(), "primary", "{\"rating\":\"keep\"}").status()).isEqualTo(404);
        assertThat(rate(beat[0], "third", "{\"rating\":\"keep\"}").status()).isEqualTo(404);
        assertThat(rate(beat[5], "alternate", "{\"rating\":\"keep\"}").status()).isEqualTo(404);
        assertThat(api.handle(get("/api/beats?rating=great")).status()).isEqualTo(400);
        assertThat(api.handle(ApiRequest.of("GET", "/api/beats/" + beat[0] + "/ratings/primary", "198.51.100.7")).status())
                .isEqualTo(405);
    }

    @Test
    void theDetailNamesTheStepsThatFellBack() {
        assertThat(ok(api.handle(get("/api/beats/" + beat[0]))).get("fallbacks")).isEmpty();
        String job = fixture.jdbi.withHandle(h -> h.createQuery("SELECT job_id FROM beat WHERE id = :id").bind("id", beat[0])
                .mapTo(String.class).one());
        fixture.jdbi.useHandle(h -> {
            for (String service : List.of("prompt", "metadata", "prompt", "suno")) {
                h.createUpdate("INSERT INTO execution_log (level, service, message, job_id, created_at) "
                                + "VALUES ('WARN', :service, 'provider down', :job, :now)")
                        .bind("service", service).bind("job", job).bind("now", fixture.clock.instant()).execute();
            }
        });
        assertThat(ok(api.handle(get("/api/beats/" + beat[0]))).get("fallbacks").toString()).isEqualTo("[\"metadata\",\"prompt\"]");
    }
}
