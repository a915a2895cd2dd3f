package com.beatgen.testkit.stub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WireMock server that speaks the real wire formats of Gemini ({@code POST /v1beta/models/{model}:generateContent}),
 * OpenAI ({@code POST /v1/chat/completions}) and Suno in the sunoapi.org shape ({@code /api/v1/generate…}, audio under
 * {@code /files/}), for contract tests and the local stack. All three share {@link #baseUrl()}.
 *
 * <p>Faults are queued per provider ({@link #inject}) or per Suno key ({@link #injectForKey}) and consumed one per
 * matching request; a key's own faults go first. The Suno task faults ({@code BLOCKED}, {@code SUNO_GENERATION_FAILED},
 * {@code SUNO_SUCCESS_WITHOUT_AUDIO}) only show in a task's status, so only record-info polls of a known task consume
 * them. Every other fault replaces the answer without side effects, except {@code TIMEOUT}: the normal answer (and its
 * side effects: a task, a debit) after {@link #setTimeoutDelay the delay}. Thread-safe. API keys are never logged nor
 * echoed; the request journal is off.
 */
public final class ProviderStub implements AutoCloseable {

    /** The three provider APIs the stub speaks. */
    public enum Api {
        GEMINI, OPENAI, SUNO
    }

    /** What an injected fault makes the provider answer (see the class comment and each provider's wire answer). */
    public enum Fault {
        RATE_LIMITED, SERVER_ERROR, UNAVAILABLE, TIMEOUT, MALFORMED_BODY, BLOCKED, OUT_OF_CREDIT, UNAUTHORIZED,
        SUNO_KEY_RATE_LIMITED_430, SUNO_KEY_RATE_LIMITED_405, SUNO_MAINTENANCE_455, SUNO_GENERATION_FAILED,
        SUNO_SUCCESS_WITHOUT_AUDIO;

        boolean sunoOnly() {
            return name().startsWith("SUNO_");
        }
    }

    static final int DEFAULT_CREDITS = 500;
    static final int GENERATION_COST = 12;
    private static final int DEFAULT_POLLS = 3;
    private static final Duration DEFAULT_TIMEOUT_DELAY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ProviderStub.class);

    private final Map<Api, FaultQueue> faults = new EnumMap<>(Api.class);
    private final Map<Api, AtomicInteger> requests = new EnumMap<>(Api.class);
    private final Map<String, FaultQueue> keyFaults = new ConcurrentHashMap<>();
    private final Map<String, Integer> credits = new ConcurrentHashMap<>();
    private final List<String> sunoKeys = Collections.synchronizedList(new ArrayList<>());
    private final GeminiApi gemini = new GeminiApi(this);
    private final OpenAiApi openAi = new OpenAiApi(this);
    private final SunoApi suno = new SunoApi(this);
    private final StubCallbacks callbacks = new StubCallbacks();
    private volatile int pollsUntilSuccess = DEFAULT_POLLS;
    private volatile Duration timeoutDelay = DEFAULT_TIMEOUT_DELAY;
    private final WireMockServer server;

    private ProviderStub(int port) {
        for (Api provider : Api.values()) {
            faults.put(provider, new FaultQueue());
            requests.put(provider, new AtomicInteger());
        }
        WireMockConfiguration options = WireMockConfiguration.options()
                .notifier(new Slf4jNotifier(false))
                .disableRequestJournal()
                .gzipDisabled(true)
                .jettyAcceptors(1)
                .asynchronousResponseEnabled(true)   // TIMEOUT stalls wait on a scheduler, not on Jetty threads
                .asynchronousResponseThreads(8)
                .extensions(new Router());
        options.bindAddress("127.0.0.1");   // a local server: never on the machine's other addresses
        server = new WireMockServer(port == 0 ? options.dynamicPort() : options.port(port));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse()));   // every request reaches the Router
        warmUp();

    }

    /**
     * The first answer of a fresh server is slow (Jetty's threads, the router's classes, the JSON mapper): one request
     * here, so that no client's first call misses its read timeout on a busy machine.
     */
    private void warmUp() {
        FakeContent.valueFor(object().put("type", "string"), "Genre: Warm\nMood: Up\nBase prompt: 90 BPM piano");
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(baseUrl() + "/warm-up")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            LOG.debug("warm-up request failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts on a random free port. */
    public static ProviderStub start() {
        return new ProviderStub(0);
    }

    /** Starts on {@code port} (0 = a random free port). */
    public static ProviderStub start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new ProviderStub(port);
    }

    /** {@code http://127.0.0.1:<port>}: the base URL of all three providers. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The next {@code times} calls to {@code provider} answer with {@code fault}. */
    public void inject(Api provider, Fault fault, int times) {
        Objects.requireNonNull(provider, "provider");
        checkFault(fault, times);
        if (fault.sunoOnly() && provider != Api.SUNO) {
            throw new IllegalArgumentException(fault + " is a Suno fault, not one of " + provider);
        }
        faults.get(provider).add(fault, times);
    }

    /** Suno only: the next {@code times} calls made with bearer key {@code sunoKey} answer with {@code fault}. */
    public void injectForKey(String sunoKey, Fault fault, int times) {
        checkKey(sunoKey);
        checkFault(fault, times);
        keyFaults.computeIfAbsent(sunoKey, k -> new FaultQueue()).add(fault, times);
    }

    /** Sets a Suno key's credit balance (unknown keys start at 500). */
    public void setCredits(String sunoKey, int credits) {
        checkKey(sunoKey);
        this.credits.put(sunoKey, credits);
    }

    public int credits(String sunoKey) {
        return credits.getOrDefault(sunoKey, DEFAULT_CREDITS);
    }

    /** How many record-info polls answer in progress (PENDING … TEXT_SUCCESS, FIRST_SUCCESS) before SUCCESS. */
    public void setPollsUntilSuccess(int polls) {
        if (polls < 0) {
            throw new IllegalArgumentException("polls must be >= 0");
        }
        pollsUntilSuccess = polls;
    }

    /** How long a TIMEOUT fault stalls before answering (default 10 s). */
    public void setTimeoutDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0");
        }
        timeoutDelay = delay;
    }

    /** Requests that reached {@code provider}'s API (audio downloads under {@code /files/} are not counted). */
    public int requestCount(Api provider) {
        return requests.get(provider).get();
    }

    /** Suno's callbacks: off by default; {@code delay} after a task is created it completes and is called back. */
    public void setCallbackDelay(Duration delay) {
        callbacks.setDelay(delay);
    }

    StubCallbacks callbacks() {
        return callbacks;
    }

    /** The ids of the Suno tasks created so far, oldest first. */
    public List<String> sunoTaskIds() {
        return suno.taskIds();
    }

    /** The bearer keys of Suno API requests, in arrival order. */
    public List<String> sunoKeysSeen() {
        synchronized (sunoKeys) {
            return List.copyOf(sunoKeys);
        }
    }

    /** Clears faults, counters, keys seen, tasks and credits, and restores the default polls and timeout delay. */
    public void reset() {
        faults.values().forEach(FaultQueue::clear);
        keyFaults.clear();
        requests.values().forEach(count -> count.set(0));
        sunoKeys.clear();
        credits.clear();
        suno.clear();
        pollsUntilSuccess = DEFAULT_POLLS;
        timeoutDelay = DEFAULT_TIMEOUT_DELAY;
        callbacks.setDelay(null);
    }

    @Override
    public void close() {
        callbacks.close();
        if (server.isRunning()) {
            server.stop();
        }
    }

    // ---- for the provider handlers -------------------------------------------------------------------------------

    /** The next fault for a request: the key's own first, then the provider's; null for none. */
    Fault takeFault(Api provider, String sunoKey, Predicate<Fault> applies) {
        FaultQueue forKey = sunoKey == null ? null : keyFaults.get(sunoKey);
        Fault fault = forKey == null ? null : forKey.take(applies);
        return fault != null ? fault : faults.get(provider).take(applies);
    }

    /** Debits {@code cost} credits from the key; false (nothing debited) when the balance is below the cost. */
    boolean debit(String sunoKey, int cost) {
        AtomicBoolean debited = new AtomicBoolean();
        credits.compute(sunoKey, (k, balance) -> {
            int current = balance == null ? DEFAULT_CREDITS : balance;
            debited.set(current >= cost);
            return current >= cost ? current - cost : current;
        });
        return debited.get();
    }

    void sawSunoKey(String sunoKey) {
        sunoKeys.add(sunoKey);
    }

    int pollsUntilSuccess() {
        return pollsUntilSuccess;
    }

    int timeoutDelayMillis() {
        return (int) Math.min(Integer.MAX_VALUE, timeoutDelay.toMillis());
    }

    static ObjectNode object() {
        return StubJson.MAPPER.createObjectNode();
    }

    static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(StubJson.write(body));
    }

    /** HTTP 200 whose body is the first half of {@code body}: JSON that does not parse. */
    static ResponseDefinitionBuilder truncated(JsonNode body) {
        String text = StubJson.write(body);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(text.substring(0, text.length() / 2));
    }

    /** The token of an {@code Authorization: Bearer …} header, or null. */
    static String bearer(Request request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    static JsonNode parse(Request request) {
        try {
            JsonNode body = StubJson.MAPPER.readTree(request.getBodyAsString());
            return body != null && body.isObject() ? body : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String hex32() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }

    // ---- routing --------------------------------------------------------------------------------------------------

    private ResponseDefinitionBuilder route(Request request, String path) {
        if (path.startsWith("/v1beta/")) {
            requests.get(Api.GEMINI).incrementAndGet();
            return gemini.handle(request, path);
        }
        if (path.startsWith("/v1/")) {
            requests.get(Api.OPENAI).incrementAndGet();
            return openAi.handle(request, path);
        }
        if (path.startsWith("/api/v1/")) {
            requests.get(Api.SUNO).incrementAndGet();
            return suno.handle(request, path);
        }
        if (RequestMethod.GET.equals(request.getMethod()) && path.matches("/files/[A-Za-z0-9._-]+\\.mp3")) {
            return suno.audio(path.substring("/files/".length()));
        }
        return json(404, object().put("error", "no such route in the provider stub"));
    }

    /** Answers every request of the one catch-all stub mapping. */
    private final class Router implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "beatgen-provider-stub";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String url = request.getUrl();
            int query = url.indexOf('?');
            String path = query < 0 ? url : url.substring(0, query);
            try {
                return route(request, path).build();
            } catch (RuntimeException e) {
                LOG.warn("provider stub failed on {} {}", request.getMethod(), path, e);
                return json(500, object().put("error", "provider stub failure: " + e.getClass().getSimpleName()))
                        .build();
            }
        }
    }

    /** Pending faults, each answering that many more matching requests, first come first served. */
    private static final class FaultQueue {
        private final List<Pending> pending = new ArrayList<>();

        synchronized void add(Fault fault, int times) {
            if (times > 0) {
                pending.add(new Pending(fault, times));
            }
        }

        synchronized Fault take(Predicate<Fault> applies) {
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending next = it.next();
                if (applies.test(next.fault)) {
                    if (--next.remaining == 0) {
                        it.remove();
                    }
                    return next.fault;
                }
            }
            return null;
        }

        synchronized void clear() {
            pending.clear();
        }

        private static final class Pending {
            final Fault fault;
            int remaining;

            Pending(Fault fault, int remaining) {
                this.fault = fault;
                this.remaining = remaining;
            }
        }
    }

    private static void checkFault(Fault fault, int times) {
        Objects.requireNonNull(fault, "fault");
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0");
        }
    }

    private static void checkKey(String sunoKey) {
        if (sunoKey == null || sunoKey.isBlank()) {
            throw new IllegalArgumentException("a Suno key is required");
        }
    }
}
