package com.beatgen.provider;

import com.beatgen.ClosedAfterAll;
import com.beatgen.MutableClock;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.db.TestDatabase;
import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.provider.gemini.GeminiClient;
import com.beatgen.provider.openai.OpenAiClient;
import com.beatgen.testkit.stub.ProviderStub;
import com.beatgen.provider.suno.SunoClient;
import com.beatgen.keys.SubmissionRepository;
import com.beatgen.keys.SunoGateway;
import com.beatgen.provider.suno.SunoRequest;
import com.beatgen.provider.suno.SunoSubmission;
import java.time.Duration;
import java.util.List;

/** Real clients wired to the provider stub and a real database, with short timeouts. */
public final class ProviderFixture implements ClosedAfterAll {

    public static final String GEMINI_KEY = "AIzaSy-GEMINI-TEST-KEY-0001";
    public static final String OPENAI_KEY = "sk-proj-OPENAI-TEST-KEY-0002";
    public static final Duration READ_TIMEOUT = Duration.ofMillis(700);
    private static final java.net.http.HttpClient CLIENT = ProviderHttp.newClient(Duration.ofSeconds(2));
    public static final int BREAKER_THRESHOLD = 5;

    public final Database database;
    public final ProviderStub stub;
    public final MutableClock clock = MutableClock.atNow();
    public final Redactor redactor = new Redactor(List.of());
    public final CircuitBreakers breakers;
    public final ExecutionLog executionLog;
    public final ProviderHttp http;
    public final GeminiClient gemini;
    public final OpenAiClient openAi;
    public final SunoClient suno;
    public final SunoKeyPool pool;
    public final SunoGateway gateway;

    public ProviderFixture() {
        database = TestDatabase.fresh();
        stub = ProviderStub.start();
        stub.setTimeoutDelay(Duration.ofSeconds(3));
        breakers = new CircuitBreakers(database.jdbi(), clock, BREAKER_THRESHOLD, Duration.ofSeconds(60));
        executionLog = new ExecutionLog(database.jdbi(), clock);
        http = new ProviderHttp(() -> CLIENT, READ_TIMEOUT, breakers, executionLog, redactor, clock);
        gemini = new GeminiClient(http, stub.baseUrl(), "gemini-2.5-flash-lite", GEMINI_KEY);
        openAi = new OpenAiClient(http, stub.baseUrl(), "gpt-4o-mini", OPENAI_KEY);
        suno = new SunoClient(http, stub.baseUrl(), "V4_5");
        pool = new SunoKeyPool(database.jdbi(), KeyCipher.fromBase64(KeyCipher.newDataKey()), redactor, executionLog, clock, 12);
        // waiting for a rate-limited key advances the test clock instead of sleeping
        gateway = new SunoGateway(suno, pool, new SubmissionRepository(database.jdbi(), clock), clock, Duration.ofSeconds(60),
                Duration.ofHours(1), SunoGateway.DEFAULT_WAIT_BUDGET, clock::advance);
    }

    /** A generation bought for a job of the tests (the job's own write is not the gateway's concern). */
    public SunoSubmission submit(SunoRequest request) {
        return gateway.submit("gateway-test-job", request, (h, accepted) -> { });
    }

    /** Forgets breaker state and stub faults between tests. */
    public void reset() {
        stub.reset();
        stub.setTimeoutDelay(Duration.ofSeconds(2));
        for (Provider provider : Provider.values()) {
            breakers.recordSuccess(provider);
        }
        database.jdbi().useHandle(h -> {
            h.execute("DELETE FROM execution_log");
            h.execute("DELETE FROM suno_submission");
            h.execute("DELETE FROM suno_api_key");
        });
    }

    @Override
    public void close() {
        stub.close();
        database.close();
    }
}
