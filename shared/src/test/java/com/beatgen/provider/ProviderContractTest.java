package com.beatgen.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.Json;
import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import com.beatgen.provider.suno.SunoRequest;
import com.beatgen.provider.suno.SunoTask;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each client against the stub's real wire formats: happy paths and the whole fault matrix. */
class ProviderContractTest {

    private static final String SUNO_KEY = "suno-live-KEY-0003-abcdef";
    @RegisterExtension
    static final ProviderFixture f = new ProviderFixture();

    @BeforeEach
    void reset() {
        f.reset();
    }

    static ObjectNode conceptSchema() {
        return (ObjectNode) json("""
                {"type":"OBJECT","properties":{"suggestion":{"type":"STRING"},"trendAnalysis":{"type":"STRING"},
                 "moodEnhancement":{"type":"STRING"},"tags":{"type":"ARRAY","items":{"type":"STRING"}}},
                 "required":["suggestion","trendAnalysis","moodEnhancement","tags"]}""");
    }

    static ObjectNode normalizedSchema() {
        return (ObjectNode) json("""
                {"type":"object","properties":{"normalizedPrompt":{"type":"string"},"additionalTags":{"type":"array","items":{"type":"string"}}},
                 "required":["normalizedPrompt","additionalTags"],"additionalProperties":false}""");
    }

    private static JsonNode callGemini() {
        return f.gemini.generateJson("You are a music producer.", "Concept for a lo-fi beat", conceptSchema());
    }

    private static JsonNode callOpenAi() {
        return f.openAi.completeJson("Normalize the prompt.", "Warm 82 BPM lo-fi", "normalized_prompt", normalizedSchema());
    }

    private static String callSuno() {
        return f.suno.generate(SUNO_KEY, new SunoRequest("lo-fi, warm piano, instrumental", "Night Study", "https://example.com/callback"));
    }

    @Test
    void geminiAnswersMatchTheRequestedSchema() {
        JsonNode concept = callGemini();
        assertThat(JsonShape.violations(concept, conceptSchema())).isEmpty();
        assertThat(concept.get("tags").size()).isPositive();
    }

    @Test
    void openAiAnswersMatchTheRequestedSchema() {
        JsonNode normalized = callOpenAi();
        assertThat(normalized.get("normalizedPrompt").asText()).isNotBlank();
        assertThat(normalized.get("additionalTags").isArray()).isTrue();
    }

    @Test
    void sunoTaskProgressesToTwoDownloadableClipsAndCreditsAreRead() {
        f.stub.setCredits(SUNO_KEY, 100);
        String taskId = callSuno();
        assertThat(f.suno.credits(SUNO_KEY)).isEqualTo(88);
        List<SunoTask.Status> seen = new java.util.ArrayList<>();
        SunoTask task;
        do {
            task = f.suno.recordInfo(SUNO_KEY, taskId);
            seen.add(task.status());
        } while (task.status() == SunoTask.Status.IN_PROGRESS && seen.size() < 10);
        assertThat(seen).containsExactly(SunoTask.Status.IN_PROGRESS, SunoTask.Status.IN_PROGRESS,
                SunoTask.Status.IN_PROGRESS, SunoTask.Status.COMPLETE);
        assertThat(task.clips()).hasSize(2).allSatisfy(clip -> assertThat(clip.audioUrl()).startsWith("http"));
    }

    @Test
    void sunoSuccessWithoutAudioIsNotFinishedYet() {
        String taskId = callSuno();
        f.stub.setPollsUntilSuccess(0);
        f.stub.inject(Api.SUNO, Fault.SUNO_SUCCESS_WITHOUT_AUDIO, 1);
        SunoTask early = f.suno.recordInfo(SUNO_KEY, taskId);
        assertThat(early.providerStatus()).isEqualTo("SUCCESS");
        assertThat(early.status()).isEqualTo(SunoTask.Status.IN_PROGRESS);
        assertThat(f.suno.recordInfo(SUNO_KEY, taskId).status()).isEqualTo(SunoTask.Status.COMPLETE);
    }

    @ParameterizedTest(name = "Suno task fault {0} → {1}")
    @MethodSource
    void sunoTaskFailures(Fault fault, String providerStatus) {
        String taskId = callSuno();
        f.stub.inject(Api.SUNO, fault, 1);
        SunoTask task = f.suno.recordInfo(SUNO_KEY, taskId);
        assertThat(task.status()).isEqualTo(SunoTask.Status.FAILED);
        assertThat(task.providerStatus()).isEqualTo(providerStatus);
    }

    static Stream<Arguments> sunoTaskFailures() {
        return Stream.of(Arguments.of(Fault.BLOCKED, "SENSITIVE_WORD_ERROR"),
                Arguments.of(Fault.SUNO_GENERATION_FAILED, "GENERATE_AUDIO_FAILED"));
    }

    /** The fault matrix: provider × fault → error class (name as the state machine sees it). */
    @ParameterizedTest(name = "{0} {1} → {2}")
    @MethodSource
    void faultMatrix(Provider provider, Fault fault, String errorName, Class<? extends ProviderException> type) {
        f.stub.inject(Api.valueOf(provider.name()), fault, 1);
        Supplier<Object> call = switch (provider) {
            case GEMINI -> ProviderContractTest::callGemini;
            case OPENAI -> ProviderContractTest::callOpenAi;
            case SUNO -> ProviderContractTest::callSuno;
        };
        assertThatThrownBy(call::get)
                .isInstanceOf(type)
                .satisfies(e -> assertThat(((ProviderException) e).errorName()).isEqualTo(errorName))
                .satisfies(e -> assertThat(((ProviderException) e).provider()).isEqualTo(provider));
        // the fault was consumed: the next call succeeds
        assertThat(call.get()).isNotNull();
    }

    static Stream<Arguments> faultMatrix() {
        String transientError = "Provider.Transient";
        return Stream.of(
                Arguments.of(Provider.GEMINI, Fault.RATE_LIMITED, transientError, TransientProviderException.class),
                Arguments.of(Provider.GEMINI, Fault.SERVER_ERROR, transientError, TransientProviderException.class),
                Arguments.of(Provider.GEMINI, Fault.UNAVAILABLE, transientError, TransientProviderException.class),
                Arguments.of(Provider.GEMINI, Fault.TIMEOUT, transientError, TransientProviderException.class),
                Arguments.of(Provider.GEMINI, Fault.MALFORMED_BODY, "Provider.InvalidResponse", InvalidResponseException.class),
                Arguments.of(Provider.GEMINI, Fault.BLOCKED, "Provider.Rejected", RejectedException.class),
                Arguments.of(Provider.GEMINI, Fault.OUT_OF_CREDIT, "Provider.OutOfCredit", OutOfCreditException.class),
                Arguments.of(Provider.GEMINI, Fault.UNAUTHORIZED, "Provider.Unauthorized", UnauthorizedException.class),
                Arguments.of(Provider.OPENAI, Fault.RATE_LIMITED, transientError, TransientProviderException.class),
                Arguments.of(Provider.OPENAI, Fault.SERVER_ERROR, transientError, TransientProviderException.class),
                Arguments.of(Provider.OPENAI, Fault.UNAVAILABLE, transientError, TransientProviderException.class),
                Arguments.of(Provider.OPENAI, Fault.TIMEOUT, transientError, TransientProviderException.class),
                Arguments.of(Provider.OPENAI, Fault.MALFORMED_BODY, "Provider.InvalidResponse", InvalidResponseException.class),
                Arguments.of(Provider.OPENAI, Fault.BLOCKED, "Provider.Rejected", RejectedException.class),
                Arguments.of(Provider.OPENAI, Fault.OUT_OF_CREDIT, "Provider.OutOfCredit", OutOfCreditException.class),
                Arguments.of(Provider.OPENAI, Fault.UNAUTHORIZED, "Provider.Unauthorized", UnauthorizedException.class),
                Arguments.of(Provider.SUNO, Fault.RATE_LIMITED, transientError, TransientProviderException.class),
                Arguments.of(Provider.SUNO, Fault.SERVER_ERROR, transientError, TransientProviderException.class),
                Arguments.of(Provider.SUNO, Fault.UNAVAILABLE, transientError, TransientProviderException.class),
                Arguments.of(Provider.SUNO, Fault.SUNO_MAINTENANCE_455, transientError, TransientProviderException.class),
                Arguments.of(Provider.SUNO, Fault.TIMEOUT, transientError, TransientProviderException.class),
                Arguments.of(Provider.SUNO, Fault.MALFORMED_BODY, "Provider.InvalidResponse", InvalidResponseException.class),
                Arguments.of(Provider.SUNO, Fault.OUT_OF_CREDIT, "Provider.OutOfCredit", OutOfCreditException.class),
                Arguments.of(Provider.SUNO, Fault.SUNO_KEY_RATE_LIMITED_430, "Provider.RateLimited", KeyRateLimitedException.class),
                Arguments.of(Provider.SUNO, Fault.SUNO_KEY_RATE_LIMITED_405, "Provider.RateLimited", KeyRateLimitedException.class),
                Arguments.of(Provider.SUNO, Fault.UNAUTHORIZED, "Provider.Unauthorized", UnauthorizedException.class));
    }

    @Test
    void providerRetryDelaysAreHonoured() {
        f.stub.inject(Api.GEMINI, Fault.RATE_LIMITED, 1);
        assertThatThrownBy(ProviderContractTest::callGemini)
                .satisfies(e -> assertThat(((ProviderException) e).retryAfter()).contains(Duration.ofSeconds(2)));
        f.stub.inject(Api.OPENAI, Fault.RATE_LIMITED, 1);
        assertThatThrownBy(ProviderContractTest::callOpenAi)
                .satisfies(e -> assertThat(((ProviderException) e).retryAfter()).contains(Duration.ofSeconds(1)));
    }

    @Test
    void everyCallIsLoggedWithoutSecretsAndErrorsCarryTheirStackTrace() {
        callOpenAi();
        f.stub.inject(Api.GEMINI, Fault.SERVER_ERROR, 1);
        assertThatThrownBy(ProviderContractTest::callGemini).isInstanceOf(TransientProviderException.class);
        List<Map<String, Object>> rows = f.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT level, service, message, context, stack_trace FROM execution_log ORDER BY id").mapToMap().list());
        assertThat(rows).hasSize(2);
        Map<String, Object> ok = rows.get(0);
        assertThat(ok.get("level")).isEqualTo("INFO");
        assertThat(ok.get("service")).isEqualTo("openai");
        JsonNode context = json(ok.get("context").toString());
        assertThat(context.get("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(context.get("status").asInt()).isEqualTo(200);
        assertThat(context.has("durationMs")).isTrue();
        assertThat(context.get("request").asText()).contains("Warm 82 BPM lo-fi");
        Map<String, Object> failed = rows.get(1);
        assertThat(failed.get("level")).isEqualTo("ERROR");
        assertThat(failed.get("stack_trace").toString()).contains("TransientProviderException");
        assertThat(rows.toString()).doesNotContain(ProviderFixture.GEMINI_KEY).doesNotContain(ProviderFixture.OPENAI_KEY);
    }

    @Test
    void repeatedTransientFailuresOpenTheCircuitAndStopCallingTheProvider() {
        f.stub.inject(Api.OPENAI, Fault.SERVER_ERROR, ProviderFixture.BREAKER_THRESHOLD);
        for (int i = 0; i < ProviderFixture.BREAKER_THRESHOLD; i++) {
            assertThatThrownBy(ProviderContractTest::callOpenAi).isInstanceOf(TransientProviderException.class);
        }
        int calls = f.stub.requestCount(Api.OPENAI);
        assertThatThrownBy(ProviderContractTest::callOpenAi).isInstanceOf(CircuitOpenException.class);
        assertThat(f.stub.requestCount(Api.OPENAI)).isEqualTo(calls);
        assertThat(f.breakers.isCallPermitted(Provider.GEMINI)).isTrue();

        f.clock.advance(Duration.ofSeconds(61));
        assertThat(callOpenAi()).isNotNull(); // the half-open trial succeeds
        assertThat(f.breakers.status(Provider.OPENAI).state()).isEqualTo(CircuitBreakers.State.closed);
    }

    @Test
    void retryOutsideTheStateMachineRecoversFromTransientErrorsOnly() {
        ProviderRetry retry = new ProviderRetry(3, Duration.ofMillis(10), Duration.ofMillis(80));
        f.stub.inject(Api.GEMINI, Fault.SERVER_ERROR, 3);
        assertThat(retry.call(ProviderContractTest::callGemini)).isNotNull();
        assertThat(f.stub.requestCount(Api.GEMINI)).isEqualTo(4);

        f.stub.inject(Api.GEMINI, Fault.SERVER_ERROR, 4);
        assertThatThrownBy(() -> retry.call(ProviderContractTest::callGemini)).isInstanceOf(TransientProviderException.class);

        int before = f.stub.requestCount(Api.OPENAI);
        f.stub.inject(Api.OPENAI, Fault.OUT_OF_CREDIT, 1);
        assertThatThrownBy(() -> retry.call(ProviderContractTest::callOpenAi)).isInstanceOf(OutOfCreditException.class);
        assertThat(f.stub.requestCount(Api.OPENAI)).as("never retried").isEqualTo(before + 1);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
