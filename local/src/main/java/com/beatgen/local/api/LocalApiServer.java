package com.beatgen.local.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sam local start-api} without Docker: routes come from the OpenAPI document (each operation's
 * {@code x-amazon-apigateway-integration} names its function), every HTTP request becomes an API Gateway proxy event
 * for the real handler, and its proxy response becomes the HTTP response. The client address is the connection's
 * (a client's {@code X-Forwarded-For} is passed on as a header and nothing more). Serves the document itself at
 * {@code /api/openapi.json}. As API Gateway, it refuses a body over 10 MB before reading it (413), and every error of its
 * own (no route, a malformed request, a failure) is {@code application/problem+json}. Each request is one line to the
 * access log.
 */
public final class LocalApiServer implements AutoCloseable {

    /** The function an integration URI names: {@code ${BeatsApiFunction.Arn}} or its alias {@code ${BeatsApiFunctionAliaslive}}. */
    private static final Pattern FUNCTION = Pattern.compile("\\$\\{(\\w+?Function)(?:\\.Arn|Alias\\w+)}");

    /** One operation: method, path template, its matcher and the function that serves it. */
    private record Route(String method, String template, Pattern pattern, List<String> names, String function) {
    }

    private final HttpServer server;
    private final List<Route> routes;
    private final Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions;
    private final byte[] openApiJson;
    private final Consumer<String> log;

    /** API Gateway's payload limit for REST APIs. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private LocalApiServer(HttpServer server, List<Route> routes,
                           Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions,
                           byte[] openApiJson, Consumer<String> log) {
        this.server = server;
        this.routes = routes;
        this.functions = functions;
        this.openApiJson = openApiJson;
        this.log = log;
    }

    /**
     * @param functions the handler of each function the document names (e.g. {@code BeatsApiFunction})
     * @param port 0 for a free port
     * @param log  receives one line per request
     */
    public static LocalApiServer start(Path openApi, Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions,
                                       String host, int port, Consumer<String> log) {
        JsonNode document;
        try {
            document = new YAMLMapper().readTree(openApi.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI document " + openApi, e);
        }
        List<Route> routes = routes(document);
        for (Route route : routes) {
            if (!functions.containsKey(route.function())) {
                throw new IllegalArgumentException("No handler for " + route.function() + " (" + route.method() + " " + route.template() + ")");
            }
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            LocalApiServer api = new LocalApiServer(server, routes, Map.copyOf(functions),
                    Json.MAPPER.writeValueAsBytes(document), log);
            server.createContext("/", api::handle);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port, e);
        }
    }

    /**
     * Fails with a one-line {@link com.beatgen.config.ConfigException} when {@code host:port} cannot be listened on (in
     * use, or not an address of this machine): commands check it before they start anything else.
     */
    public static void checkAvailable(String host, int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException | IllegalArgumentException e) {
            throw new com.beatgen.config.ConfigException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): is another ./beatgen serve or up running? Choose another with --port");
        }
    }

    private static List<Route> routes(JsonNode document) {
        List<Route> routes = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode uri = operation.getValue().path("x-amazon-apigateway-integration").path("uri");
            Matcher function = FUNCTION.matcher(uri.isTextual() ? uri.asText() : uri.path("Fn::Sub").asText(""));
            if (!function.find()) {
                return; // "parameters" and other non-operation members
            }
            List<String> names = new ArrayList<>();
            Matcher parameter = Pattern.compile("\\{(\\w+)}").matcher(path.getKey());
            StringBuilder regex = new StringBuilder("^");
            int last = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(path.getKey().substring(last, parameter.start()))).append("([^/]+)");
                names.add(parameter.group(1));
                last = parameter.end();
            }
            regex.append(Pattern.quote(path.getKey().substring(last))).append("$");
            routes.add(new Route(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), Pattern.compile(regex.toString()),
                    names, function.group(1)));
        }));
        return routes;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        int status;
        try {
            if ("GET".equals(method) && "/api/openapi.json".equals(path)) {
                status = 200;
                send(exchange, 200, Map.of("Content-Type", List.of("application/json")), openApiJson);
            } else {
                status = dispatch(exchange, method, path);
            }
        } catch (BadRequest e) {
            status = e.status;
            problem(exchange, e.status, e.title, e.getMessage(), Map.of());
        } catch (RuntimeException e) {
            status = 500;
            problem(exchange, 500, "Internal Server Error", null, Map.of());
            LOG.error("{} {} failed", method, path, e);
        }
        String query = exchange.getRequestURI().getRawQuery();
        log.accept(String.format(Locale.ROOT, "%s %s%s %d %d ms", method, path, query == null ? "" : "?" + query, status,
                (System.nanoTime() - start) / 1_000_000));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalApiServer.class);

    /** A request this server refuses before any handler sees it: 400 (malformed) or 413 (too large). */
    private static final class BadRequest extends RuntimeException {
        final int status;
        final String title;

        BadRequest(int status, String title, String detail) {
            super(detail);
            this.status = status;
            this.title = title;
        }
    }

    /** An {@code application/problem+json} answer (RFC 9457). */
    private static void problem(HttpExchange exchange, int status, String title, String detail,
                                Map<String, List<String>> headers) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        if (detail != null) {
            problem.put("detail", detail);
        }
        Map<String, List<String>> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", List.of("application/problem+json"));
        send(exchange, status, all, Json.MAPPER.writeValueAsBytes(problem));
    }

    /** {@code %xx}-decoding; a malformed escape or invalid UTF-8 is the client's error (400), as in API Gateway. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "Bad Request", "malformed percent-encoding in the request URL");
        }
    }

    /** The request body, refused (413) when it is larger than {@link #MAX_BODY_BYTES}: by its length, before reading. */
    private static byte[] body(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "Bad Request", "invalid Content-Length");
            }
            if (declared > MAX_BODY_BYTES) {
                exchange.getResponseHeaders().add("Connection", "close");
                throw new BadRequest(413, "Payload Too Large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            }
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);   // chunked: read no more than the limit
        if (body.length > MAX_BODY_BYTES) {
            exchange.getResponseHeaders().add("Connection", "close");
            throw new BadRequest(413, "Payload Too Large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private int dispatch(HttpExchange exchange, String method, String path) throws IOException {
        for (Route route : routes) {
            Matcher match = route.pattern().matcher(path);
            if (route.method().equals(method) && match.matches()) {
                Map<String, String> pathParameters = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    pathParameters.put(route.names().get(i), decode(match.group(i + 1)));
                }
                APIGatewayProxyResponseEvent response = functions.get(route.function())
                        .handleRequest(event(exchange, route, path, pathParameters), null);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                if (response.getHeaders() != null) {
                    response.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
                }
                if (response.getMultiValueHeaders() != null) {
                    headers.putAll(response.getMultiValueHeaders());
                }
                String body = response.getBody() == null ? "" : response.getBody();
                byte[] bytes = Boolean.TRUE.equals(response.getIsBase64Encoded()) ? Base64.getDecoder().decode(body)
                        : body.getBytes(StandardCharsets.UTF_8);
                send(exchange, response.getStatusCode(), headers, bytes);
                return response.getStatusCode();
            }
        }
        List<String> allowed = routes.stream().filter(r -> r.pattern().matcher(path).matches()).map(Route::method).distinct().toList();
        if (!allowed.isEmpty()) {
            problem(exchange, 405, "Method Not Allowed", path + " allows " + String.join(", ", allowed),
                    Map.of("Allow", List.of(String.join(", ", allowed))));
            return 405;
        }
        problem(exchange, 404, "Not Found", "No route for " + method + " " + path, Map.of());
        return 404;
    }

    /** The proxy event API Gateway would send for this request. */
    private static APIGatewayProxyRequestEvent event(HttpExchange exchange, Route route, String path, Map<String, String> pathParameters)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            multiHeaders.put(name, List.copyOf(values));
        });
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.put(name, value);
                multiQuery.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        byte[] body = body(exchange);
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress());
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withIdentity(identity).withRequestId(UUID.randomUUID().toString()).withStage("local")
                .withHttpMethod(route.method()).withResourcePath(route.template()).withPath(path);
        return new APIGatewayProxyRequestEvent()
                .withResource(route.template())
                .withPath(path)
                .withHttpMethod(route.method())
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context)
                .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false);
    }

    private static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((name, values) -> values.forEach(value -> exchange.getResponseHeaders().add(name, value)));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        // the answer first: closing the exchange first would drain an unread request body before sending it
        exchange.getResponseBody().close();
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
