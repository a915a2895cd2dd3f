package com.beatgen.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.api.ApiConfig;
import com.beatgen.api.ApiFixture;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiRoutes;
import com.beatgen.api.ApiWiring;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SnapStart priming of the API functions: their own operations, on the real database, writing nothing. */
class ApiContainerTest {

    private static final String BEAT_ID = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";
    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();
    private static ApiWiring api;

    @BeforeAll
    static void start() {
        api = fixture.wiring();
        fixture.clear();
        fixture.insert(List.of(new ApiFixture.Beat(BEAT_ID, "Night Drive", "Trap", "Dark", "Calm",
                List.of("chill"), Instant.now(), true)));
    }

    static List<String> functions() {
        return ApiRoutes.ALL.stream().map(ApiRoutes.Route::function).distinct().toList();
    }

    @ParameterizedTest
    @MethodSource("functions")
    void primingRunsTheFunctionsOwnOperationsWithoutAServerError(String function) {
        Map<String, Integer> statuses = api.service(function).prime();

        assertThat(statuses).isNotEmpty().allSatisfy((operation, status) -> assertThat(status).as(operation).isLessThan(500));
    }

    @Test
    void theEventPrimingReadsAnEventAndWritesAnAnswerAsTheHandlerDoes() throws Exception {
        Map.Entry<ApiRequest, byte[]> mapped = ApiContainer.primeEvents();

        assertThat(mapped.getKey().path()).isEqualTo("/api/beats");
        assertThat(mapped.getKey().query()).containsEntry("limit", List.of("1"));
        JsonNode answer = Json.MAPPER.readTree(mapped.getValue());
        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(answer.path("body").asText()).path("total").asInt()).isEqualTo(1);
    }

    @Test
    void theBeatsFunctionPrimesItsListsAndTheDetailOfTheFirstListedBeat() {
        assertThat(api.service("BeatsApiFunction").prime()).containsExactly(Map.entry("GET /api/beats", 200),
                Map.entry("GET /api/beats?page=2", 200), Map.entry("GET /api/beats?genre=p&style=p&mood=p", 200),
                Map.entry("GET /api/beats?tags=p,q&mood=p", 200), Map.entry("GET /api/beats/" + BEAT_ID, 200));
    }

    @Test
    void theKeysFunctionPrimesItsListAsAnIamCallerAndCreatesNoKey() {
        ApiWiring iam = fixture.wiring(ApiConfig.defaults(), Clock.systemUTC()); // as in AWS: no admin token, IAM callers
        int keys = keys();
        Map<String, Integer> statuses = iam.service("KeysAdminApiFunction").prime();

        assertThat(statuses).containsEntry("GET /api/keys", 200).doesNotContainKey("POST /api/keys");
        assertThat(keys()).isEqualTo(keys);
    }

    private static int keys() {
        return fixture.jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM suno_api_key").mapTo(Integer.class).one());
    }
}
