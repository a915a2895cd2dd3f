package com.beatgen.testkit.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProviderStubTest {

    private static final String GEMINI_KEY = "gemini-test-key-123";
    private static final String OPENAI_KEY = "sk-test-openai-456";
    private static final String SUNO_KEY = "suno-key-one";
    private static final String SUNO_KEY_2 = "suno-key-two";

    /** Gemini's OpenAPI subset: upper-case types, nested objects and arrays, enum, maxItems, bounds. */
    private static final String GEMINI_SCHEMA = """
            {"type":"OBJECT","properties":{
               "name":{"type":"STRING"},
               "description":{"type":"STRING"},
               "tags":{"type":"ARRAY","items":{"type":"STRING"},"maxItems":6},
               "bpm":{"type":"INTEGER","minimum":60,"maximum":180},
               "energy":{"type":"NUMBER"},
               "mood":{"type":"STRING","enum":["dark","bright","calm"]},
               "instrumental":{"type":"BOOLEAN"},
               "suggestion":{"type":"STRING"},
               "trendAnalysis":{"type":"STRING"},
               "moodEnhancement":{"type":"STRING"},
               "sections":{"type":"ARRAY","items":{"type":"OBJECT",
                   "properties":{"label":{"type":"STRING"},"bars":{"type":"INTEGER"}},"required":["label","bars"]}}},
             "required":["name","description","tags","bpm","energy","mood","instrumental","suggestion",
                         "trendAnalysis","moodEnhancement","sections"],
             "propertyOrdering":["name","description"]}""";

    /** OpenAI strict JSON Schema: lower-case types, additionalProperties false, a nullable type array. */
    private static final String OPENAI_SCHEMA = """
            {"type":"object","properties":{
               "normalizedPrompt":{"type":"string"},
               "additionalTags":{"type":"array","items":{"type":"string"}},
               "genre":{"type":"string"},
               "bpm":{"type":["integer","null"]},
               "settings":{"type":"object","properties":{"instrumental":{"type":"boolean"}},
                           "required":["instrumental"],"additionalProperties":false}},
             "required":["normalizedPrompt","additionalTags","genre","bpm","settings"],
             "additionalProperties":false}""";

    private static ProviderStub stub;
    private static HttpClient http;

    @BeforeAll
    static void startStub() {
        stub = ProviderStub.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    // ---- Gemini ---------------------------------------------------------------------------------------------------

    @Test
    void geminiAnswersJsonTextThatSatisfiesTheResponseSchema() {
        for (int i = 0; i < 20; i++) {   // random content: try a few
            Answer answer = gemini(GEMINI_KEY);
            assertThat(answer.status).isEqualTo(200);
            JsonNode candidate = answer.json().path("candidates").path(0);
            assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
            assertThat(answer.json().path("usageMetadata").path("totalTokenCount").asInt()).isPositive();
            JsonNode concept = read(candidate.path("content").path("parts").path(0).path("text").asText());
            assertSatisfies(concept, read(GEMINI_SCHEMA), "$");
            assertThat(concept.get("name").asText().split(" ")).hasSizeBetween(2, 4);
            assertThat(concept.get("description").asText()).endsWith(".").contains(" ");
            assertThat(concept.get("tags")).hasSizeBetween(3, 6)
                    .allSatisfy(tag -> assertThat(tag.asText()).isEqualTo(tag.asText().toLowerCase(Locale.ROOT)));
            assertThat(concept.get("bpm").asInt()).isBetween(60, 180);
        }
        assertThat(stub.requestCount(Api.GEMINI)).isEqualTo(20);
    }

    @Test
    void geminiWithoutKeyIsPermissionDenied() {
        Answer answer = gemini(null);
        assertThat(answer.status).isEqualTo(403);
        assertThat(answer.json().path("error").path("status").asText()).isEqualTo("PERMISSION_DENIED");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = "SUNO_.*", mode = EnumSource.Mode.MATCH_NONE)
    void geminiFaults(Fault fault) {
        stub.setTimeoutDelay(Duration.ofMillis(50));
        stub.inject(Api.GEMINI, fault, 1);
        Answer answer = gemini(GEMINI_KEY);
        JsonNode error = fault == Fault.MALFORMED_BODY ? null : answer.json().path("error");
        switch (fault) {
            case RATE_LIMITED -> {
                assertThat(answer.status).isEqualTo(429);
                assertThat(error.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
                assertThat(error.path("details").path(0).path("@type").asText())
                        .isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
                assertThat(error.path("details").path(0).path("retryDelay").asText()).isEqualTo("2s");
            }
            case OUT_OF_CREDIT -> {
                assertThat(answer.status).isEqualTo(429);
                assertThat(error.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
                assertThat(error.path("message").asText()).containsIgnoringCase("quota");
                assertThat(error.has("details")).isFalse();
            }
            case SERVER_ERROR -> assertGoogleError(answer, 500, "INTERNAL");
            case UNAVAILABLE -> assertGoogleError(answer, 503, "UNAVAILABLE");
            case UNAUTHORIZED -> assertGoogleError(answer, 403, "PERMISSION_DENIED");
            case TIMEOUT -> assertThat(answer.json().path("candidates").path(0).path("finishReason").asText())
                    .isEqualTo("STOP");
            case MALFORMED_BODY -> {
                assertThat(answer.status).isEqualTo(200);
                assertUnparseable(answer.body);
            }
            case BLOCKED -> {
                assertThat(answer.status).isEqualTo(200);
                assertThat(answer.json().has("candidates")).isFalse();
                assertThat(answer.json().path("promptFeedback").path("blockReason").asText()).isEqualTo("SAFETY");
            }
            default -> fail("untested " + fault);
        }
        assertThat(answer.body).doesNotContain(GEMINI_KEY);
        assertThat(gemini(GEMINI_KEY).status).as("the fault is used up").isEqualTo(200);
    }

    @Test
    void sunoFaultsAreRefusedForOtherProviders() {
        assertThatThrownBy(() -> stub.inject(Api.GEMINI, Fault.SUNO_MAINTENANCE_455, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stub.inject(Api.OPENAI, Fault.SUNO_KEY_RATE_LIMITED_430, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- OpenAI ---------------------------------------------------------------------------------------------------

    @Test
    void openAiAnswersContentThatSatisfiesTheJsonSchema() {
        for (int i = 0; i < 20; i++) {
            Answer answer = openAi(OPENAI_KEY, "dusty vinyl saxophone rainy Tokyo night");
            assertThat(answer.status).isEqualTo(200);
            assertThat(answer.headers.firstValue("x-request-id")).isPresent();
            JsonNode choice = answer.json().path("choices").path(0);
            assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
            assertThat(choice.path("message").path("refusal").isNull()).isTrue();
            assertThat(answer.json().path("usage").path("total_tokens").asInt()).isPositive();
            JsonNode normalized = read(choice.path("message").path("content").asText());
            assertSatisfies(normalized, read(OPENAI_SCHEMA), "$");
            assertThat(normalized.get("normalizedPrompt").asText()).contains("saxophone", "tokyo");
            assertThat(normalized.get("additionalTags")).hasSizeBetween(3, 6);
        }
    }

    @Test
    void openAiWithoutKeyIsUnauthorized() {
        Answer answer = openAi(null, "lofi");
        assertThat(answer.status).isEqualTo(401);
        JsonNode error = answer.json().path("error");
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = "SUNO_.*", mode = EnumSource.Mode.MATCH_NONE)
    void openAiFaults(Fault fault) {
        stub.setTimeoutDelay(Duration.ofMillis(50));
        stub.inject(Api.OPENAI, fault, 1);
        Answer answer = openAi(OPENAI_KEY, "chill piano");
        switch (fault) {
            case RATE_LIMITED -> {
                assertOpenAiError(answer, 429, "rate_limit_exceeded");
                assertThat(answer.headers.firstValue("retry-after")).hasValue("1");
            }
            case OUT_OF_CREDIT -> assertOpenAiError(answer, 429, "insufficient_quota");
            case SERVER_ERROR -> assertThat(answer.status).isEqualTo(500);
            case UNAVAILABLE -> assertThat(answer.status).isEqualTo(503);
            case UNAUTHORIZED -> assertOpenAiError(answer, 401, "invalid_api_key");
            case TIMEOUT -> assertThat(answer.json().path("choices").path(0).path("finish_reason").asText())
                    .isEqualTo("stop");
            case MALFORMED_BODY -> {
                assertThat(answer.status).isEqualTo(200);
                assertUnparseable(answer.body);
            }
            case BLOCKED -> {
                assertThat(answer.status).isEqualTo(200);
                JsonNode choice = answer.json().path("choices").path(0);
                assertThat(choice.path("message").path("content").isNull()).isTrue();
                assertThat(choice.path("message").path("refusal").asText()).isNotBlank();
                assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
            }
            default -> fail("untested " + fault);
        }
        if (answer.status >= 400) {
            assertThat(answer.json().path("error").fieldNames()).toIterable()
                    .containsExactly("message", "type", "param", "code");
        }
        assertThat(answer.body).doesNotContain(OPENAI_KEY);
        assertThat(openAi(OPENAI_KEY, "chill piano").status).as("the fault is used up").isEqualTo(200);
    }

    // ---- Suno -----------------------------------------------------------------------------------------------------

    @Test
    void sunoTaskProgressesToSuccessWithTwoDownloadableClips() throws Exception {
        List<byte[]> clipsAudio = new ArrayList<>();
        String taskId = sunoGenerate(SUNO_KEY);
        assertThat(taskId).matches("[0-9a-f]{32}");
        List<String> statuses = new ArrayList<>();
        JsonNode data = null;
        for (int poll = 0; poll < 4; poll++) {
            data = sunoRecord(SUNO_KEY, taskId).json().path("data");
            statuses.add(data.path("status").asText());
        }
        assertThat(statuses).containsExactly("PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS", "SUCCESS");
        assertThat(data.path("errorCode").isNull()).isTrue();
        assertThat(data.path("errorMessage").isNull()).isTrue();
        JsonNode clips = data.path("response").path("sunoData");
        assertThat(clips).hasSize(2);
        for (int n = 1; n <= 2; n++) {
            JsonNode clip = clips.get(n - 1);
            assertThat(clip.path("audioUrl").asText()).isEqualTo(stub.baseUrl() + "/files/" + taskId + "-" + n + ".mp3");
            for (String field : List.of("id", "streamAudioUrl", "imageUrl", "modelName", "title", "tags",
                    "createTime")) {
                assertThat(clip.path(field).asText()).as(field).isNotBlank();
            }
            assertThat(clip.has("prompt")).isTrue();
            assertThat(clip.path("duration").asDouble()).as("two bars at 90 BPM").isEqualTo(5.33);
            assertThat(clip.path("title").asText()).isEqualTo("Neon Drift");

            HttpResponse<byte[]> mp3 = send(HttpRequest.newBuilder(URI.create(clip.path("audioUrl").asText())).GET(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(mp3.statusCode()).isEqualTo(200);
            assertThat(mp3.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
            byte[] bytes = mp3.body();
            assertThat(bytes.length).isGreaterThan(1000);
            assertThat(Mp3.seconds(bytes)).as("decodes, and lasts as long as the record says")
                    .isCloseTo(clip.path("duration").asDouble(), org.assertj.core.data.Offset.offset(0.2));
            clipsAudio.add(bytes);
            assertThat(send(HttpRequest.newBuilder(URI.create(clip.path("audioUrl").asText())).GET(),
                    HttpResponse.BodyHandlers.ofByteArray()).body()).as("the same clip every time").isEqualTo(bytes);
        }
        assertThat(clipsAudio.get(0)).as("two clips, two different beats").isNotEqualTo(clipsAudio.get(1));
        assertThat(sunoRecord(SUNO_KEY, taskId).json().path("data").path("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void pollsUntilSuccessIsConfigurable() {
        stub.setPollsUntilSuccess(0);
        assertThat(sunoRecord(SUNO_KEY, sunoGenerate(SUNO_KEY)).json().path("data").path("status").asText())
                .isEqualTo("SUCCESS");
        stub.setPollsUntilSuccess(5);
        String taskId = sunoGenerate(SUNO_KEY);
        List<String> statuses = new ArrayList<>();
        for (int poll = 0; poll < 6; poll++) {
            statuses.add(sunoRecord(SUNO_KEY, taskId).json().path("data").path("status").asText());
        }
        assertThat(statuses).containsExactly("PENDING", "PENDING", "PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS",
                "SUCCESS");
    }

    @Test
    void sunoUnknownTaskIs404() {
        assertThat(sunoRecord(SUNO_KEY, "0".repeat(32)).json().path("code").asInt()).isEqualTo(404);
    }

    @Test
    void sunoValidatesTheGenerateRequest() {
        assertThat(sunoGenerateCode(SUNO_KEY, Map.of("customMode", true, "instrumental", true, "style", "lofi",
                "callBackUrl", "https://example.com/cb"))).as("no title").isEqualTo(400);
        assertThat(sunoGenerateCode(SUNO_KEY, Map.of("customMode", true, "instrumental", true, "title", "T",
                "callBackUrl", "https://example.com/cb"))).as("no style").isEqualTo(400);
        assertThat(sunoGenerateCode(SUNO_KEY, Map.of("customMode", true, "instrumental", true, "title", "T",
                "style", "lofi"))).as("no callBackUrl").isEqualTo(400);
        assertThat(sunoGenerateCode(SUNO_KEY, generateBody("x".repeat(1001), "T"))).as("long style").isEqualTo(400);
        assertThat(sunoGenerateCode(SUNO_KEY, generateBody("lofi", "x".repeat(101)))).as("long title")
                .isEqualTo(400);
        assertThat(sunoGenerateCode(SUNO_KEY, generateBody("x".repeat(1000), "x".repeat(100)))).isEqualTo(200);
        assertThat(stub.credits(SUNO_KEY)).as("only the valid request costs").isEqualTo(500 - 12);
    }

    @Test
    void generateDeducts12CreditsAndAnswers429WhenInsufficient() {
        assertThat(stub.credits("never-used")).isEqualTo(500);
        stub.setCredits(SUNO_KEY, 30);
        sunoGenerate(SUNO_KEY);
        sunoGenerate(SUNO_KEY);
        assertThat(stub.credits(SUNO_KEY)).isEqualTo(6);
        JsonNode refused = post("/api/v1/generate", SUNO_KEY, generateBody("lofi", "Neon Drift")).json();
        assertThat(refused.path("code").asInt()).isEqualTo(429);
        assertThat(refused.path("msg").asText()).startsWith("Your credits are insufficient");
        assertThat(stub.credits(SUNO_KEY)).isEqualTo(6);
        Answer credit = get("/api/v1/generate/credit", SUNO_KEY);
        assertThat(credit.status).isEqualTo(200);
        assertThat(credit.json().path("code").asInt()).isEqualTo(200);
        assertThat(credit.json().path("data").asInt()).isEqualTo(6);
        assertThat(get("/api/v1/generate/credit", SUNO_KEY_2).json().path("data").asInt()).isEqualTo(500);
    }

    @Test
    void sunoWithoutKeyIsCode401() {
        Answer answer = post("/api/v1/generate", null, generateBody("lofi", "T"));
        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.json().path("code").asInt()).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"RATE_LIMITED", "SERVER_ERROR", "UNAVAILABLE", "SUNO_MAINTENANCE_455",
            "SUNO_KEY_RATE_LIMITED_430", "SUNO_KEY_RATE_LIMITED_405", "OUT_OF_CREDIT", "UNAUTHORIZED",
            "MALFORMED_BODY", "TIMEOUT"})
    void sunoRequestFaults(Fault fault) {
        stub.setTimeoutDelay(Duration.ofMillis(50));
        stub.inject(Api.SUNO, fault, 1);
        Answer answer = post("/api/v1/generate", SUNO_KEY, generateBody("lofi", "Neon Drift"));
        switch (fault) {
            case RATE_LIMITED -> assertThat(answer.status).isEqualTo(429);
            case UNAVAILABLE -> assertThat(answer.status).isEqualTo(503);
            case SERVER_ERROR -> assertSunoCode(answer, 500);
            case SUNO_MAINTENANCE_455 -> assertSunoCode(answer, 455);
            case SUNO_KEY_RATE_LIMITED_430 -> {
                assertSunoCode(answer, 430);
                assertThat(answer.json().path("msg").asText())
                        .isEqualTo("Your call frequency is too high. Please try again later.");
            }
            case SUNO_KEY_RATE_LIMITED_405 -> assertSunoCode(answer, 405);
            case OUT_OF_CREDIT -> {
                assertSunoCode(answer, 429);
                assertThat(answer.json().path("msg").asText()).startsWith("Your credits are insufficient");
            }
            case UNAUTHORIZED -> {
                assertSunoCode(answer, 401);
                assertThat(answer.json().path("msg").asText()).isEqualTo("Unauthorized");
            }
            case MALFORMED_BODY -> {
                assertThat(answer.status).isEqualTo(200);
                assertUnparseable(answer.body);
            }
            case TIMEOUT -> assertThat(answer.json().path("data").path("taskId").asText()).hasSize(32);
            default -> fail("untested " + fault);
        }
        assertThat(stub.credits(SUNO_KEY)).as("only TIMEOUT answers (and debits) for real")
                .isEqualTo(fault == Fault.TIMEOUT ? 488 : 500);
        assertThat(answer.body).doesNotContain(SUNO_KEY);
        assertThat(sunoGenerate(SUNO_KEY)).as("the fault is used up").hasSize(32);
    }

    @Test
    void sunoFaultsCountOnGenerateRecordInfoAndCredit() {
        String taskId = sunoGenerate(SUNO_KEY);
        stub.inject(Api.SUNO, Fault.SUNO_MAINTENANCE_455, 3);
        assertSunoCode(post("/api/v1/generate", SUNO_KEY, generateBody("lofi", "T")), 455);
        assertSunoCode(sunoRecord(SUNO_KEY, taskId), 455);
        assertSunoCode(get("/api/v1/generate/credit", SUNO_KEY), 455);
        assertSunoCode(get("/api/v1/generate/credit", SUNO_KEY), 200);
        assertThat(sunoRecord(SUNO_KEY, taskId).json().path("data").path("status").asText())
                .as("faulted polls do not advance the task").isEqualTo("PENDING");
        assertThat(stub.requestCount(Api.SUNO)).isEqualTo(6);
    }

    @Test
    void blockedTaskEndsInSensitiveWordError() {
        String taskId = sunoGenerate(SUNO_KEY);
        stub.inject(Api.SUNO, Fault.BLOCKED, 1);
        sunoGenerate(SUNO_KEY);   // a task fault is not consumed by generate
        assertSunoCode(get("/api/v1/generate/credit", SUNO_KEY), 200);
        for (int poll = 0; poll < 2; poll++) {   // and a failure sticks
            JsonNode data = sunoRecord(SUNO_KEY, taskId).json().path("data");
            assertThat(data.path("status").asText()).isEqualTo("SENSITIVE_WORD_ERROR");
            assertThat(data.path("errorMessage").asText()).isNotBlank();
        }
    }

    @Test
    void failedGenerationEndsInGenerateAudioFailed() {
        String taskId = sunoGenerate(SUNO_KEY);
        sunoRecord(SUNO_KEY, taskId);
        stub.inject(Api.SUNO, Fault.SUNO_GENERATION_FAILED, 1);
        JsonNode data = sunoRecord(SUNO_KEY, taskId).json().path("data");
        assertThat(data.path("status").asText()).isEqualTo("GENERATE_AUDIO_FAILED");
        assertThat(data.path("errorMessage").asText()).isNotBlank();
    }

    @Test
    void successWithoutAudioIsFollowedByARealSuccess() {
        String taskId = sunoGenerate(SUNO_KEY);
        stub.inject(Api.SUNO, Fault.SUNO_SUCCESS_WITHOUT_AUDIO, 2);
        for (int poll = 0; poll < 2; poll++) {
            JsonNode data = sunoRecord(SUNO_KEY, taskId).json().path("data");
            assertThat(data.path("status").asText()).isEqualTo("SUCCESS");
            assertThat(data.path("response").path("sunoData")).hasSize(2)
                    .allSatisfy(clip -> assertThat(clip.path("audioUrl").asText()).isEmpty());
        }
        JsonNode data = sunoRecord(SUNO_KEY, taskId).json().path("data");
        assertThat(data.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(data.path("response").path("sunoData"))
                .allSatisfy(clip -> assertThat(clip.path("audioUrl").asText()).endsWith(".mp3"));
    }

    @Test
    void keyFaultsAffectOnlyThatKey() {
        stub.injectForKey(SUNO_KEY, Fault.SUNO_KEY_RATE_LIMITED_430, 1);
        assertSunoCode(get("/api/v1/generate/credit", SUNO_KEY_2), 200);
        assertSunoCode(post("/api/v1/generate", SUNO_KEY, generateBody("lofi", "T")), 430);
        sunoGenerate(SUNO_KEY_2);
        sunoGenerate(SUNO_KEY);
        assertThat(stub.sunoKeysSeen()).containsExactly(SUNO_KEY_2, SUNO_KEY, SUNO_KEY_2, SUNO_KEY);
        assertThat(stub.credits(SUNO_KEY)).isEqualTo(488);
        assertThat(stub.credits(SUNO_KEY_2)).isEqualTo(488);
    }

    @Test
    void faultsAreConsumedExactlyOncePerRequestUnderConcurrency() throws Exception {
        stub.inject(Api.GEMINI, Fault.SERVER_ERROR, 5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                statuses.add(pool.submit(() -> gemini(GEMINI_KEY).status));
            }
            int errors = 0;
            for (Future<Integer> status : statuses) {
                errors += status.get() == 500 ? 1 : 0;
            }
            assertThat(errors).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- timeouts, counters, reset --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Api.class)
    void timeoutFaultStallsThenAnswers(Api provider) {
        stub.setTimeoutDelay(Duration.ofMillis(300));
        stub.inject(provider, Fault.TIMEOUT, 1);
        long start = System.nanoTime();
        Answer stalled = call(provider);
        long stalledMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        Answer quick = call(provider);
        long quickMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(stalled.status).isEqualTo(200);
        assertThat(stalledMillis).isGreaterThanOrEqualTo(300);
        assertThat(quick.status).isEqualTo(200);
        assertThat(quickMillis).isLessThan(300);
    }

    @Test
    void resetClearsFaultsCountersTasksAndCredits() {
        String taskId = sunoGenerate(SUNO_KEY);
        gemini(GEMINI_KEY);
        openAi(OPENAI_KEY, "x");
        stub.setCredits(SUNO_KEY_2, 1);
        stub.inject(Api.GEMINI, Fault.SERVER_ERROR, 3);
        stub.injectForKey(SUNO_KEY, Fault.UNAUTHORIZED, 3);
        stub.setPollsUntilSuccess(0);

        stub.reset();

        for (Api provider : Api.values()) {
            assertThat(stub.requestCount(provider)).isZero();
        }
        assertThat(stub.sunoKeysSeen()).isEmpty();
        assertThat(stub.credits(SUNO_KEY)).isEqualTo(500);
        assertThat(stub.credits(SUNO_KEY_2)).isEqualTo(500);
        assertThat(gemini(GEMINI_KEY).status).isEqualTo(200);
        assertThat(sunoRecord(SUNO_KEY, taskId).json().path("code").asInt()).isEqualTo(404);
        assertThat(sunoRecord(SUNO_KEY, sunoGenerate(SUNO_KEY)).json().path("data").path("status").asText())
                .as("polls back to the default").isEqualTo("PENDING");
    }

    @Test
    void unknownRoutesAre404() {
        assertThat(get("/nothing/here", null).status).isEqualTo(404);
        assertThat(get("/files/../secret.mp3", null).status).isGreaterThanOrEqualTo(400);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            return read(body);
        }
    }

    private static Answer call(Api provider) {
        return switch (provider) {
            case GEMINI -> gemini(GEMINI_KEY);
            case OPENAI -> openAi(OPENAI_KEY, "lofi piano");
            case SUNO -> get("/api/v1/generate/credit", SUNO_KEY);
        };
    }

    private static Answer gemini(String key) {
        String body = """
                {"systemInstruction":{"parts":[{"text":"You write beat concepts."}]},
                 "contents":[{"role":"user","parts":[{"text":"A concept for a late-night lofi beat"}]}],
                 "generationConfig":{"responseMimeType":"application/json","responseSchema":%s}}"""
                .formatted(GEMINI_SCHEMA);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(stub.baseUrl() + "/v1beta/models/gemini-2.5-flash-lite:generateContent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-goog-api-key", key);
        }
        return answer(request);
    }

    private static Answer openAi(String key, String userMessage) {
        String body = """
                {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Normalize the prompt."},
                  {"role":"user","content":%s}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"normalized_prompt","strict":true,
                   "schema":%s}}}""".formatted(StubJson.write(userMessage), OPENAI_SCHEMA);
        return post("/v1/chat/completions", key, body);
    }

    private static String generateBody(String style, String title) {
        return StubJson.write(Map.of("customMode", true, "instrumental", true, "model", "V4_5", "style", style,
                "title", title, "callBackUrl", "https://example.com/callback"));
    }

    private static String sunoGenerate(String key) {
        JsonNode answer = post("/api/v1/generate", key, generateBody("lofi hip hop, dusty drums", "Neon Drift"))
                .json();
        assertThat(answer.path("code").asInt()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.path("msg").asText()).isEqualTo("success");
        return answer.path("data").path("taskId").asText();
    }

    private static int sunoGenerateCode(String key, Object body) {
        return post("/api/v1/generate", key, body instanceof String s ? s : StubJson.write(body)).json().path("code")
                .asInt();
    }

    private static Answer sunoRecord(String key, String taskId) {
        return get("/api/v1/generate/record-info?taskId=" + taskId, key);
    }

    private static Answer post(String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return answer(request);
    }

    private static Answer get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return answer(request);
    }

    private static Answer answer(HttpRequest.Builder request) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return StubJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertUnparseable(String body) {
        assertThatThrownBy(() -> StubJson.MAPPER.readTree(body)).isInstanceOf(JsonProcessingException.class);
    }

    private static void assertGoogleError(Answer answer, int code, String status) {
        assertThat(answer.status).isEqualTo(code);
        assertThat(answer.json().path("error").path("code").asInt()).isEqualTo(code);
        assertThat(answer.json().path("error").path("status").asText()).isEqualTo(status);
        assertThat(answer.json().path("error").path("message").asText()).isNotBlank();
    }

    private static void assertOpenAiError(Answer answer, int status, String code) {
        assertThat(answer.status).isEqualTo(status);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo(code);
    }

    private static void assertSunoCode(Answer answer, int code) {
        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.json().path("code").asInt()).as(answer.body).isEqualTo(code);
        assertThat(answer.json().path("msg").asText()).isNotBlank();
    }

    /** A small validator for the schema subset both providers use. */
    private static void assertSatisfies(JsonNode value, JsonNode schema, String path) {
        JsonNode typeNode = schema.path("type");
        List<String> types = new ArrayList<>();
        if (typeNode.isArray()) {
            typeNode.forEach(t -> types.add(t.asText().toLowerCase(Locale.ROOT)));
        } else {
            types.add(typeNode.asText().toLowerCase(Locale.ROOT));
        }
        if (value.isNull()) {
            assertThat(types).as(path + " null allowed").contains("null");
            return;
        }
        String type = types.stream().filter(t -> !t.equals("null")).findFirst().orElseThrow();
        switch (type) {
            case "object" -> {
                assertThat(value.isObject()).as(path + " is an object").isTrue();
                schema.path("required").forEach(r -> assertThat(value.has(r.asText())).as(path + "." + r).isTrue());
                if (schema.path("additionalProperties").isBoolean()
                        && !schema.path("additionalProperties").asBoolean()) {
                    value.fieldNames().forEachRemaining(
                            f -> assertThat(schema.path("properties").has(f)).as(path + "." + f + " declared").isTrue());
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    if (value.has(property.getKey())) {
                        assertSatisfies(value.get(property.getKey()), property.getValue(),
                                path + "." + property.getKey());
                    }
                }
            }
            case "array" -> {
                assertThat(value.isArray()).as(path + " is an array").isTrue();
                assertThat(value.size()).as(path + " size")
                        .isBetween(schema.path("minItems").asInt(0), schema.path("maxItems").asInt(Integer.MAX_VALUE));
                int i = 0;
                for (JsonNode item : value) {
                    assertSatisfies(item, schema.path("items"), path + "[" + i++ + "]");
                }
            }
            case "string" -> {
                assertThat(value.isTextual()).as(path + " is a string").isTrue();
                assertThat(value.asText()).as(path).isNotBlank();
            }
            case "integer" -> assertThat(value.isIntegralNumber()).as(path + " is an integer").isTrue();
            case "number" -> assertThat(value.isNumber()).as(path + " is a number").isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as(path + " is a boolean").isTrue();
            default -> fail("unknown type " + type + " at " + path);
        }
        if (schema.has("enum")) {
            List<JsonNode> allowed = new ArrayList<>();
            schema.get("enum").forEach(allowed::add);
            assertThat(allowed).as(path + " in enum").contains(value);
        }
        if (schema.has("minimum")) {
            assertThat(value.asDouble()).as(path).isGreaterThanOrEqualTo(schema.get("minimum").asDouble());
        }
        if (schema.has("maximum")) {
            assertThat(value.asDouble()).as(path).isLessThanOrEqualTo(schema.get("maximum").asDouble());
        }
    }
}
