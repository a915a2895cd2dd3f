package com.beatgen.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.ApiService;
import com.beatgen.api.Problem;
import com.beatgen.wiring.Components;
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
 */
public class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private final Supplier<ApiService> service;

    protected ApiHandler() {
        String function = functionOf(getClass());
        Supplier<Components> components = ApiContainer.components();
        this.service = () -> wire(components.get(), function);
    }

    private ApiHandler(Supplier<ApiService> service) {
        this.service = service;
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
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        ApiService api;
        try {
            api = service.get();
        } catch (RuntimeException e) {
            // configuration or database not reachable at start: a problem response, not an API Gateway 502
            log.error("API not available: {}", e.getMessage());
            return ApiEvents.response(ApiResponse.problem(Problem.of(503, "Service Unavailable", "The API is starting or "
                    + "cannot reach its database; try again later"), Map.of("Retry-After", "5")));
        }
        return ApiEvents.response(api.handle(ApiEvents.request(event)));
    }
}
