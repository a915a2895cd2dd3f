package com.beatgen.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.Json;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.ApiService;
import com.beatgen.api.Problem;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.functions.InitWarmup;
import com.beatgen.functions.Priming;
import com.beatgen.functions.TlsWarmup;
import com.beatgen.wiring.Components;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * An API Gateway Lambda proxy function: event → its function's {@link ApiService} → response. Each subclass is one
 * function of the template, named after it ({@code BeatsApiHandler} serves {@code BeatsApiFunction}), and serves only
 * the operations the OpenAPI document binds to that function (any other route is 404). The subclasses' no-argument
 * constructor is Lambda's (wiring per container); {@link #of} is for tests and the local server.
 *
 * <p>A stream handler: the event's JSON is read and the answer written with the function's own Jackson, so the
 * runtime's event serializer (a second, shaded Jackson of some 800 classes) is never loaded on the cold path.
 */
public class ApiHandler implements RequestStreamHandler {

    /**
     * The class list of {@code function}'s INIT (a resource beside this class): the classes its cold start loaded for
     * its first answer that not every API function loaded; for null, those every one loaded.
     */
    public static String initClasses(String function) {
        return function == null ? "init-classes.txt" : "init-classes-" + function + ".txt";
    }

    private final Logger log;
    private final Supplier<ApiService> service;

    /**
     * Lambda's. In an on-demand INIT a second thread ({@link InitWarmup}) loads the classes of the first call
     * ({@link #initClasses}) while this one configures logging, then runs the first call's database path while this one
     * readies the JDK's TLS client when the database URL requires TLS ({@link TlsWarmup}: first, so that the warm-up's
     * connection finds it built), loads the rest and primes the event path ({@link ApiContainer#primeEvents}). The
     * logger is created here, not in a static field, so that the warm-up starts first.
     */
    protected ApiHandler() {
        String function = functionOf(getClass());
        InitWarmup warmup = InitWarmup.start(() -> warmUp(function), ApiHandler.class.getResource(initClasses(null)),
                ApiHandler.class.getResource(initClasses(function)));
        this.log = LoggerFactory.getLogger(ApiHandler.class);
        warmup.loggingConfigured();
        if (warmup.isRunning() && DatabaseConfig.requiresTls(System.getenv(DatabaseConfig.URL))) {
            try {
                TlsWarmup.clientHello();
            } catch (RuntimeException e) {
                log.warn("Readying TLS during INIT failed, the first connection will: {}", e.toString());
            }
        }
        Json.MAPPER.getFactory();
        Supplier<Components> components = ApiContainer.components(function);
        this.service = () -> wire(components.get(), function);
        warmup.await(log, ApiContainer::primeEvents);
    }

    private ApiHandler(Supplier<ApiService> service) {
        this.log = LoggerFactory.getLogger(ApiHandler.class);
        this.service = service;
    }

    /** The first call's path up to the request itself: the function's service, a pooled connection and a statement. */
    private static void warmUp(String function) {
        Components components = ApiContainer.components(function).get();
        wire(components, function);
        Priming.database(components);
    }

    /** A handler of the function whose service {@code service} supplies (tests, the local server). */
    public static ApiHandler of(Supplier<ApiService> service) {
        return new ApiHandler(service);
    }

    /** The template's function a handler class serves: {@code BeatsApiHandler} → {@code BeatsApiFunction}. */
    public static String functionOf(Class<? extends ApiHandler> handler) {
        String name = handler.getSimpleName();
        if (!name.endsWith("Handler")) {
            throw new IllegalArgumentException(name + " is not named <Function>Handler");
        }
        return name.substring(0, name.length() - "Handler".length()) + "Function";
    }

    /** What an API function builds: its own service (the template test applies this to observed components). */
    public static ApiService wire(Components components, String function) {
        return components.api(function);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        ApiResponse response = PowertoolsLogging.withLogging(context, () -> answer(ApiEvents.request(event)));
        output.write(Json.MAPPER.writeValueAsBytes(ApiEvents.json(response)));
    }

    /** The typed proxy event, as the local API server and the tests have it. */
    public final APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        return ApiEvents.response(PowertoolsLogging.withLogging(context, () -> answer(ApiEvents.request(event))));
    }

    private ApiResponse answer(ApiRequest request) {
        ApiService api;
        try {
            api = service.get();
        } catch (RuntimeException e) {
            // configuration or database not reachable at start: a problem response, not an API Gateway 502
            log.error("API not available: {}", e.getMessage());
            return ApiResponse.problem(Problem.of(503, "Service Unavailable", "The API is starting or "
                    + "cannot reach its database; try again later"), Map.of("Retry-After", "5"));
        }
        return api.handle(request);
    }
}
