package com.beatgen.provider;

import com.beatgen.db.ExecutionLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way provider clients talk HTTP: checks the provider's circuit breaker, sends with a read timeout, turns
 * I/O failures and timeouts into {@link TransientProviderException}, lets the client interpret the answer, records
 * the outcome in the breaker and writes every call to {@code execution_log} (seed properties 27 and 28) with secrets
 * redacted. Headers (where the keys travel) are never logged.
 */
public final class ProviderHttp {

    private static final int MAX_LOGGED_PAYLOAD = 4_000;

    /** An answer as received. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final Supplier<HttpClient> client;
    private final Duration readTimeout;
    private final CircuitBreakers breakers;
    private final ExecutionLog executionLog;
    private final Redactor redactor;
    private final Clock clock;

    /**
     * @param client the HTTP client, asked for on the first call: a function that may call a provider but rarely does
     *               (the admin function refreshing a key's credits) does not build one, and its TLS set-up, at start
     */
    public ProviderHttp(Supplier<HttpClient> client, Duration readTimeout, CircuitBreakers breakers, ExecutionLog executionLog,
                        Redactor redactor, Clock clock) {
        this.client = client;
        this.readTimeout = readTimeout;
        this.breakers = breakers;
        this.executionLog = executionLog;
        this.redactor = redactor;
        this.clock = clock;
    }

    public static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * Sends one request and interprets the answer.
     *
     * @param body the JSON request body, or null for GET
     * @param interpret turns the answer into a result, or throws the matching {@link ProviderException}
     */
    public <T> T call(Provider provider, String method, URI uri, Map<String, String> headers, String body,
                      Function<Response, T> interpret) {
        breakers.ensureCallPermitted(provider);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(readTimeout);
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        long start = System.nanoTime();
        Response response = null;
        try {
            HttpResponse<String> raw = client.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
            response = new Response(raw.statusCode(), raw.body(), raw);
            T result = interpret.apply(response);
            breakers.recordSuccess(provider);
            logCall(provider, method, uri, body, response.status(), start, null);
            return result;
        } catch (HttpTimeoutException e) {
            throw failed(provider, method, uri, body, 0, start,
                    new TransientProviderException(provider, 0, "no answer within " + readTimeout.toMillis() + " ms", null, null));
        } catch (java.net.ConnectException e) {
            throw failed(provider, method, uri, body, 0, start,
                    new TransientProviderException(provider, -1, "no connection: " + redactor.redact(e.getMessage()), null, null));
        } catch (IOException e) {
            throw failed(provider, method, uri, body, 0, start,
                    new TransientProviderException(provider, 0, "connection failed: " + redactor.redact(e.getMessage()), null, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(provider, method, uri, body, 0, start,
                    new TransientProviderException(provider, 0, "interrupted", null, null));
        } catch (ProviderException e) {
            throw failed(provider, method, uri, body, response == null ? 0 : response.status(), start, e);
        }
    }

    private ProviderException failed(Provider provider, String method, URI uri, String body, int status, long start,
                                     ProviderException error) {
        if (error instanceof TransientProviderException) {
            breakers.recordFailure(provider);
        } else {
            breakers.recordSuccess(provider); // the provider answered: it is up, the request was the problem
        }
        logCall(provider, method, uri, body, status, start, error);
        return error;
    }

    private void logCall(Provider provider, String method, URI uri, String body, int status, long start, ProviderException error) {
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("endpoint", uri.getPath());
        context.put("method", method);
        context.put("status", status);
        context.put("durationMs", millis);
        context.put("at", clock.instant().toString());
        if (body != null) {
            String payload = redactor.redact(body);
            context.put("request", payload.length() > MAX_LOGGED_PAYLOAD ? payload.substring(0, MAX_LOGGED_PAYLOAD) + "…" : payload);
        }
        String service = provider.name().toLowerCase(java.util.Locale.ROOT);
        if (error == null) {
            executionLog.info(service, method + " " + uri.getPath() + " → " + status + " in " + millis + " ms", context);
        } else {
            context.put("error", error.errorName());
            executionLog.error(service, method + " " + uri.getPath() + " failed: " + redactor.redact(error.getMessage()), context, error);
        }
    }
}
