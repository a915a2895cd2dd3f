package com.beatgen.local.stack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.pipeline.CallbackService;
import com.beatgen.pipeline.CallbackSigner;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's own callback route for Suno, {@code POST /api/callbacks/suno/{jobId}?sig=…}, on 127.0.0.1 and a port
 * of its own: {@code ./beatgen run} has no API server, yet Suno (or the stub) calls back while a run waits. Requests
 * become API Gateway proxy events for the real callback handler, as the local API does.
 */
final class CallbackListener implements AutoCloseable {

    private final HttpServer server;
    private volatile RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;

    private CallbackListener(HttpServer server) {
        this.server = server;
    }

    /** Listens at once (the URL goes into the functions' environment); requests wait for {@link #serve}. */
    static CallbackListener start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            CallbackListener listener = new CallbackListener(server);
            server.createContext(CallbackSigner.PATH, listener::handle);
            server.start();
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for Suno callbacks", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void serve(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
        this.handler = handler;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String jobId = path.substring(CallbackSigner.PATH.length());
            if (handler == null || !"POST".equals(exchange.getRequestMethod()) || jobId.isEmpty() || jobId.contains("/")) {
                send(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(CallbackService.MAX_BODY_BYTES + 1); // never more than the cap, whatever is sent
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath(path)
                    .withResource(CallbackSigner.PATH + "{jobId}").withPathParameters(Map.of("jobId", jobId))
                    .withQueryStringParameters(query)
                    .withMultiValueQueryStringParameters(query.entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))))
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(new String(body, StandardCharsets.UTF_8))
                    .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withIdentity(
                            new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("127.0.0.1")));
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
            send(exchange, response.getStatusCode(), response.getBody() == null ? "" : response.getBody());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
