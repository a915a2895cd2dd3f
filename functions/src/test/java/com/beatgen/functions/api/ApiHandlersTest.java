package com.beatgen.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.beatgen.Json;
import com.beatgen.api.ApiConfig;
import com.beatgen.api.ApiFixture;
import com.beatgen.api.ApiWiring;
import com.fasterxml.jackson.databind.JsonNode;
import com.beatgen.api.ApiRoutes;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API handlers fed real API Gateway REST proxy events (aws-lambda-java-tests), on the real database. */
class ApiHandlersTest {

    private static final String BEAT_ID = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";
    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();
    private static ApiWiring api;

    @BeforeAll
    static void start() {
        api = fixture.wiring();
    }

    @BeforeEach
    void seed() {
        fixture.clear();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        fixture.insert(List.of(
                new ApiFixture.Beat(BEAT_ID, "Night Drive", "Trap", "Dark", "Calm", List.of("chill", "night"), now, true),
                new ApiFixture.Beat("00000000-0000-4000-8000-000000000001", "Sunny", "Trap", "Dark", "Calm", List.of("chill"),
                        now.minusSeconds(5), false)));
    }

    /** The function's handler on the test's wiring. */
    private static ApiHandler handler(String function) {
        return ApiHandler.of(() -> api.service(function));
    }

    /**
     * A presigned link carries the second it was signed in (X-Amz-Date, from the SDK's own clock): both paths sign
     * within one second when they start early in it.
     */
    private static void earlyInASecond() throws InterruptedException {
        long intoSecond = System.currentTimeMillis() % 1000;
        if (intoSecond > 200) {
            Thread.sleep(1000 - intoSecond);
        }
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    @ParameterizedTest
    @ValueSource(strings = {"events/api-beats-list.json", "events/api-beat-detail-null-path-parameters.json",
            "events/api-jobs-repeated-parameter.json", "events/api-stats-duplicate-header-casing.json", "events/api-health.json"})
    void theLambdaStreamPathAnswersAsTheTypedPath(String file) throws Exception {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent(file);
        String function = ApiRoutes.owner(event.getPath()).orElseThrow();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ApiHandler handler = handler(function);
        earlyInASecond();

        handler.handleRequest(getClass().getClassLoader().getResourceAsStream(file), output, null);

        APIGatewayProxyResponseEvent typed = handler.handle(event, null);
        JsonNode streamed = Json.MAPPER.readTree(output.toByteArray());
        assertThat(streamed.get("statusCode").asInt()).isEqualTo(typed.getStatusCode());
        assertThat(Json.MAPPER.readTree(streamed.get("body").asText())).isEqualTo(body(typed));
        assertThat(Json.MAPPER.convertValue(streamed.get("headers"), Map.class)).isEqualTo(typed.getHeaders());
        assertThat(streamed.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void listsBeatsFromARealEvent() throws Exception {
        APIGatewayProxyResponseEvent response = handler("BeatsApiFunction")
                .handle(EventLoader.loadApiGatewayRestEvent("events/api-beats-list.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        JsonNode body = body(response);
        assertThat(body.get("total").asInt()).isEqualTo(1);
        assertThat(body.get("items").get(0).get("id").asText()).isEqualTo(BEAT_ID);
        assertThat(body.get("pageSize").asInt()).isEqualTo(20);
    }

    @ParameterizedTest
    @Event(value = "events/api-beat-detail-null-path-parameters.json", type = APIGatewayProxyRequestEvent.class)
    void findsTheBeatFromThePathWhenPathParametersAreNull(APIGatewayProxyRequestEvent event) throws Exception {
        assertThat(event.getPathParameters()).isNull();

        APIGatewayProxyResponseEvent response = handler("BeatsApiFunction").handle(event, null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode beat = body(response);
        assertThat(beat.get("name").asText()).isEqualTo("Night Drive");
        assertThat(beat.get("audio").get("primary").asText()).contains("X-Amz-Signature=");
        assertThat(beat.get("key").get("masked").asText()).startsWith("****");
    }

    @ParameterizedTest
    @Event(value = "events/api-stats-duplicate-header-casing.json", type = APIGatewayProxyRequestEvent.class)
    void acceptsTheSameHeaderInTwoCasings(APIGatewayProxyRequestEvent event) throws Exception {
        APIGatewayProxyResponseEvent response = handler("StatsApiFunction").handle(event, null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(body(response).get("totalBeats").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @Event(value = "events/api-stats-duplicate-header-casing.json", type = APIGatewayProxyRequestEvent.class)
    void rateLimitsBySourceIpWhateverXForwardedForSays(APIGatewayProxyRequestEvent event) throws Exception {
        ApiWiring limited = fixture.wiring(ApiConfig.defaults().withRateLimit(Duration.ofSeconds(60), 2), fixture.clock);
        ApiHandler handler = ApiHandler.of(() -> limited.service("StatsApiFunction"));
        assertThat(handler.handle(event, null).getStatusCode()).isEqualTo(200);
        event.getHeaders().put("X-Forwarded-For", "203.0.113.1");
        event.getMultiValueHeaders().put("X-Forwarded-For", List.of("203.0.113.1"));
        assertThat(handler.handle(event, null).getStatusCode()).isEqualTo(200);
        event.getHeaders().put("X-Forwarded-For", "203.0.113.2");

        APIGatewayProxyResponseEvent refused = handler.handle(event, null);

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json").containsKey("Retry-After");
        assertThat(Integer.parseInt(refused.getHeaders().get("Retry-After"))).isBetween(1, 60);
    }

    @ParameterizedTest
    @Event(value = "events/api-keys-add-base64.json", type = APIGatewayProxyRequestEvent.class)
    void decodesBase64BodiesAndNeverReturnsTheKey(APIGatewayProxyRequestEvent event) throws Exception {
        assertThat(event.getIsBase64Encoded()).isTrue();

        APIGatewayProxyResponseEvent response = handler("KeysAdminApiFunction").handle(event, null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        assertThat(body(response).get("masked").asText()).isEqualTo("****wxyz");
        assertThat(response.getBody()).doesNotContain("sk-event-key");
    }

    @ParameterizedTest
    @Event(value = "events/api-jobs-repeated-parameter.json", type = APIGatewayProxyRequestEvent.class)
    void refusesRepeatedAndMalformedParametersFromTheMultiValueMap(APIGatewayProxyRequestEvent event) throws Exception {
        APIGatewayProxyResponseEvent response = handler("JobsApiFunction").handle(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        List<String> parameters = body(response).get("errors").findValuesAsText("parameter");
        assertThat(parameters).containsExactlyInAnyOrder("status", "pageSize");
    }

    @ParameterizedTest
    @Event(value = "events/api-health.json", type = APIGatewayProxyRequestEvent.class)
    void answersHealthWithNullHeadersAndQuery(APIGatewayProxyRequestEvent event) throws Exception {
        APIGatewayProxyResponseEvent response = handler("HealthApiFunction").handle(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).get("status").asText()).isEqualTo("ok");
        assertThat(response.getIsBase64Encoded()).isFalse();
    }

    @ParameterizedTest
    @Event(value = "events/api-keys-add-base64.json", type = APIGatewayProxyRequestEvent.class)
    void aFunctionGivenAnotherFunctionsRouteAnswers404(APIGatewayProxyRequestEvent event) throws Exception {
        assertThat(handler("KeysAdminApiFunction").handle(event, null).getStatusCode()).isNotEqualTo(404);

        APIGatewayProxyResponseEvent response = handler("HealthApiFunction").handle(event, null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(404);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(body(response).get("detail").asText()).startsWith("No route for " + event.getHttpMethod() + " /api/keys");
    }

    @Test
    void answersWithoutRequestContext() throws Exception {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/api/templates");

        APIGatewayProxyResponseEvent response = handler("TemplatesApiFunction").handle(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aServiceThatCannotStartAnswers503() throws Exception {
        APIGatewayProxyResponseEvent response = ApiHandler.of(() -> {
            throw new IllegalStateException("Database not reachable after 5 attempts: jdbc:mysql://secret-host");
        }).handle(EventLoader.loadApiGatewayRestEvent("events/api-beats-list.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody()).doesNotContain("secret-host");
        assertThat(body(response).get("status").asInt()).isEqualTo(503);
    }
}
