package com.beatgen.local.asl;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.Json;
import com.beatgen.testkit.lambda.LocalContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Lambda-invoke endpoint (the subset of the Lambda API that {@code sam local start-lambda} serves): {@code POST
 * /2015-03-31/functions/{name}/invocations} runs the named {@link RequestHandler} in this JVM and answers the way the
 * Lambda service and the Java runtime do:
 * <ul>
 * <li>200 with the handler's result as JSON;</li>
 * <li>200 with header {@code X-Amz-Function-Error: Unhandled} and body {@code {"errorType","errorMessage","stackTrace"}}
 * when the handler throws ({@code errorType} is the exception's class name, so {@code Provider.Transient} …);</li>
 * <li>404 {@code ResourceNotFoundException} for an unknown function, 400 {@code InvalidRequestContentException} for a
 * body that is not a JSON object.</li>
 * </ul>
 * {@code name} may be a plain function name or a function ARN (the part after {@code function:}, without a qualifier).
 * Listens on 127.0.0.1 on a free port; invocations run on a pool, so several executions may run at once. Nothing is
 * logged by the server itself (payloads may hold anything); a handler's {@link Context#getLogger()} writes to stderr.
 */
public final class LocalLambdaServer implements AutoCloseable {

    /** The region and account of the local ARNs. */
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    private static final Pattern INVOCATIONS = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    static {
        // The JDK server sends headers and body in separate packets: without TCP_NODELAY each response waits for the
        // client's delayed ACK (≈ 40-50 ms per invocation). Read once, when the first HttpServer of the JVM starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * A function error reported by a handler that ran elsewhere (e.g. in another JVM): answered with its own
     * {@code errorType}, message and stack trace instead of this exception's.
     */
    public static final class FunctionError extends RuntimeException {
        private final String errorType;
        private final List<String> remoteStackTrace;

        public FunctionError(String errorType, String errorMessage, List<String> stackTrace) {
            super(errorMessage, null, false, false);
            this.errorType = errorType;
            this.remoteStackTrace = List.copyOf(stackTrace);
        }

        /**
         * The error payload a Lambda runtime answers for an unhandled exception ({@code errorType}, {@code errorMessage},
         * {@code stackTrace}), to be answered again as it was.
         */
        public static FunctionError fromPayload(JsonNode payload) {
            List<String> trace = new ArrayList<>();
            payload.path("stackTrace").forEach(line -> trace.add(line.asText()));
            JsonNode message = payload.path("errorMessage");
            return new FunctionError(payload.path("errorType").asText(), message.isTextual() ? message.asText() : null, trace);
        }

        public String errorType() {
            return errorType;
        }
    }

    private final Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions;
    private final Duration timeout;
    private final HttpServer server;
    private final ExecutorService pool;

    private LocalLambdaServer(Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions,
            Duration timeout) throws IOException {
        this.functions = Map.copyOf(functions);
        this.timeout = timeout;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.pool = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts serving {@code functions} (plain function name → handler); the function timeout is 120 s. */
    public static LocalLambdaServer start(
            Map<String, ? extends RequestHandler<Map<String, Object>, Map<String, Object>>> functions) {
        return start(functions, DEFAULT_TIMEOUT);
    }

    /**
     * Starts serving {@code functions}; {@code timeout} is what {@link Context#getRemainingTimeInMillis()} counts down
     * from (it is not enforced: the state machine's {@code TimeoutSeconds} is).
     */
    public static LocalLambdaServer start(
            Map<String, ? extends RequestHandler<Map<String, Object>, Map<String, Object>>> functions,
            Duration timeout) {
        try {
            return new LocalLambdaServer(Map.copyOf(functions), timeout);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the local Lambda endpoint on 127.0.0.1", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint to give an AWS SDK, {@code LocalStateMachine} or the ASL runner. */
    public String endpoint() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The ARN under which a function is invoked locally. */
    public static String functionArn(String functionName) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName;
    }

    /** The plain function name of a name or ARN ({@code arn:…:function:Name[:qualifier]}, {@code Name[:qualifier]}). */
    static String functionName(String nameOrArn) {
        String name = nameOrArn;
        int function = name.indexOf("function:");
        if (name.startsWith("arn:") && function >= 0) {
            name = name.substring(function + "function:".length());
        }
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) { // then in-flight handlers are interrupted
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = INVOCATIONS.matcher(exchange.getRequestURI().getPath());
            if (!path.matches()) {
                reply(exchange, 404, "UnknownOperationException",
                        Map.of("Type", "User", "Message", "Unknown operation " + exchange.getRequestURI().getPath()));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "MethodNotAllowedException",
                        Map.of("Type", "User", "Message", "Invocations are POST requests"));
                return;
            }
            String invokedAs = path.group(1);
            String name = functionName(invokedAs);
            RequestHandler<Map<String, Object>, Map<String, Object>> handler = functions.get(name);
            if (handler == null) {
                reply(exchange, 404, "ResourceNotFoundException",
                        Map.of("Type", "User", "Message", "Function not found: " + functionArn(name)));
                return;
            }
            Map<String, Object> input;
            try {
                input = readInput(exchange.getRequestBody());
            } catch (JsonProcessingException e) {
                reply(exchange, 400, "InvalidRequestContentException",
                        Map.of("Type", "User", "Message", "Could not parse request body into json: "
                                + e.getOriginalMessage()));
                return;
            }
            invoke(exchange, name, invokedAs, handler, input);
        }
    }

    private void invoke(HttpExchange exchange, String name, String invokedAs,
            RequestHandler<Map<String, Object>, Map<String, Object>> handler, Map<String, Object> input)
            throws IOException {
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        byte[] body;
        try {
            Map<String, Object> result = handler.handleRequest(input, LocalContext.of(name,
                    invokedAs.startsWith("arn:") ? invokedAs : functionArn(name), timeout));
            body = Json.MAPPER.writeValueAsBytes(result);
        } catch (Throwable failure) { // like the Lambda runtime: Errors too (StackOverflowError …) are function errors
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
            body = Json.MAPPER.writeValueAsBytes(errorPayload(failure));
        }
        send(exchange, 200, body);
    }

    /** The payload the Java Lambda runtime returns for an unhandled exception. */
    static Map<String, Object> errorPayload(Throwable failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorMessage", failure.getMessage());
        if (failure instanceof FunctionError remote) {
            error.put("errorType", remote.errorType);
            error.put("stackTrace", remote.remoteStackTrace);
            return error;
        }
        error.put("errorType", failure.getClass().getName());
        List<String> stackTrace = Arrays.stream(failure.getStackTrace()).map(StackTraceElement::toString).toList();
        error.put("stackTrace", stackTrace);
        return error;
    }

    private static Map<String, Object> readInput(InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> input = Json.MAPPER.readValue(bytes, MAP);
        return input == null ? new LinkedHashMap<>() : input;
    }

    private static void reply(HttpExchange exchange, int status, String errorType, Map<String, Object> body)
            throws IOException {
        exchange.getResponseHeaders().set("X-Amzn-ErrorType", errorType);
        send(exchange, status, Json.MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "local-lambda-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
