package com.beatgen.local.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code sam local start-api} without Docker: routes come from the OpenAPI document (each operation's
 * {@code x-amazon-apigateway-integration} names its function), every HTTP request becomes an API Gateway proxy event
 * for the real handler, and its proxy response becomes the HTTP response. The client address is the connection's
 * (a client's {@code X-Forwarded-For} is passed on as a header and nothing more). Serves the document itself at
 * {@code /api/openapi.json}. As API Gateway, it refuses a body over 10 MB before reading it (413), and every error of its
 * own (no route, a malformed request, a failure) is {@code application/problem+json}, those Jetty answers before any
 * handler runs (a malformed escape in the path, a bad request line, headers too large) through
 * {@link ProblemErrorHandler}. Each request is one line to the access log.
 */
public final class LocalApiServer implements AutoCloseable {

    /** The function an integration URI names: {@code ${BeatsApiFunction.Arn}} or its alias {@code ${BeatsApiFunctionAliaslive}}. */
    private static final Pattern FUNCTION = Pattern.compile("\\$\\{(\\w+?Function)(?:\\.Arn|Alias\\w+)}");

    /** One operation: method, path template, its matcher and the function that serves it. */
    private record Route(String method, String template, Pattern pattern, List<String> names, String function) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalApiServer.class);

    private final Server server;
    private final List<Route> routes;
    private final Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions;
    private final byte[] openApiJson;

    /** API Gateway's payload limit for REST APIs. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private LocalApiServer(Server server, List<Route> routes,
                           Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions,
                           byte[] openApiJson) {
        this.server = server;
        this.routes = routes;
        this.functions = functions;
        this.openApiJson = openApiJson;
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
        Server server = new Server(new QueuedThreadPool(16, 2));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new ProblemErrorHandler.Connections(http, MAX_BODY_BYTES));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setErrorHandler(new ProblemErrorHandler());
        // one line per request, those Jetty refuses before any handler (a malformed URL, a bad request line) included
        server.setRequestLog((request, response) -> log.accept(String.format(Locale.ROOT, "%s %s %d %d ms",
                request.getMethod() == null ? "-" : request.getMethod(), ProblemErrorHandler.target(request),
                response.getCommittedMetaData().getStatus(), System.currentTimeMillis() - request.getTimeStamp())));
        LocalApiServer api;
        try {
            api = new LocalApiServer(server, routes, Map.copyOf(functions), Json.MAPPER.writeValueAsBytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request request, HttpServletRequest servletRequest, HttpServletResponse response)
                    throws IOException {
                request.setHandled(true);
                api.handle(request, request.getResponse()); // Jetty's own response: headers verbatim
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            api.close();
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port,
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
        return api;
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
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private void handle(Request request, HttpServletResponse response) throws IOException {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getHttpURI().getPath(); // raw: each path parameter is decoded once, on its own
        try {
            if ("GET".equals(method) && "/api/openapi.json".equals(path)) {
                send(response, 200, Map.of("Content-Type", List.of("application/json")), openApiJson);
            } else {
                dispatch(request, response, method, path);
            }
        } catch (BadRequest e) {
            problem(response, e.status, e.title, e.getMessage(), Map.of());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            problem(response, 500, "Internal Server Error", null, Map.of());
        }
    }

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
    private static void problem(HttpServletResponse response, int status, String title, String detail,
                                Map<String, List<String>> headers) throws IOException {
        Map<String, List<String>> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", List.of(ProblemErrorHandler.PROBLEM_JSON));
        send(response, status, all, ProblemErrorHandler.problem(status, title, detail));
    }

    /** {@code %xx}-decoding; a malformed escape or invalid UTF-8 is the client's error (400), as in API Gateway. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "Bad Request", ProblemErrorHandler.MALFORMED_ESCAPE);
        }
    }

    /**
     * The request body, refused (413) when it is larger than {@link #MAX_BODY_BYTES}. A declared length over it is
     * refused by the connection before the request reaches here ({@link ProblemErrorHandler.Connections}).
     */
    private static byte[] body(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);   // chunked: read no more than the limit
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    private static BadRequest tooLarge() {
        return new BadRequest(413, "Payload Too Large", ProblemErrorHandler.tooLarge(MAX_BODY_BYTES));
    }

    private void dispatch(Request request, HttpServletResponse response, String method, String path) throws IOException {
        for (Route route : routes) {
            Matcher match = route.pattern().matcher(path);
            if (route.method().equals(method) && match.matches()) {
                Map<String, String> pathParameters = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    pathParameters.put(route.names().get(i), decode(match.group(i + 1)));
                }
                APIGatewayProxyResponseEvent answer = functions.get(route.function())
                        .handleRequest(event(request, route, path, pathParameters), null);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                if (answer.getHeaders() != null) {
                    answer.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
                }
                if (answer.getMultiValueHeaders() != null) {
                    headers.putAll(answer.getMultiValueHeaders());
                }
                String body = answer.getBody() == null ? "" : answer.getBody();
                byte[] bytes = Boolean.TRUE.equals(answer.getIsBase64Encoded()) ? Base64.getDecoder().decode(body)
                        : body.getBytes(StandardCharsets.UTF_8);
                send(response, answer.getStatusCode(), headers, bytes);
                return;
            }
        }
        List<String> allowed = routes.stream().filter(r -> r.pattern().matcher(path).matches()).map(Route::method).distinct().toList();
        if (!allowed.isEmpty()) {
            problem(response, 405, "Method Not Allowed", path + " allows " + String.join(", ", allowed),
                    Map.of("Allow", List.of(String.join(", ", allowed))));
            return;
        }
        problem(response, 404, "Not Found", "No route for " + method + " " + path, Map.of());
    }

    /** The proxy event API Gateway would send for this request. */
    private static APIGatewayProxyRequestEvent event(Request request, Route route, String path, Map<String, String> pathParameters)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            List<String> values = Collections.list(request.getHeaders(name));
            headers.put(name, values.get(values.size() - 1));
            multiHeaders.put(name, List.copyOf(values));
        }
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        String rawQuery = request.getQueryString(); // raw, as sent
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.put(name, value);
                multiQuery.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        byte[] body = body(request);
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp(request.getRemoteAddr());
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

    private static void send(HttpServletResponse response, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        response.setStatus(status);
        // verbatim, as API Gateway passes them: the servlet API would rewrite a Content-Type ("a; charset=b" → "a;charset=b")
        HttpFields.Mutable fields = ((Response) response).getHttpFields();
        headers.forEach((name, values) -> {
            if (!HttpHeader.CONTENT_LENGTH.is(name) && !HttpHeader.TRANSFER_ENCODING.is(name)) { // the server frames the body
                values.forEach(value -> fields.add(name, value));
            }
        });
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the local API server: {}", e.toString());
        }
    }
}
