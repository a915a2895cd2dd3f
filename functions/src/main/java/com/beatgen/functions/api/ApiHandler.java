package com.beatgen.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.ApiService;
import com.beatgen.api.ApiWiring;
import com.beatgen.api.Problem;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * An API Gateway Lambda proxy function: event → its function's {@link ApiService} → response. Each subclass is one
 * function of the template and serves only the operations the OpenAPI document binds to it (any other route is 404).
 * The one-argument constructor is Lambda's (container wiring); the other one is for tests and the local server.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private final Supplier<ApiService> service;

    /** @param function the function's name in the template and the OpenAPI document, e.g. {@code BeatsApiFunction} */
    protected ApiHandler(String function) {
        this(function, ApiContainer.wiring());
    }

    protected ApiHandler(String function, Supplier<ApiWiring> wiring) {
        this.service = () -> wiring.get().service(function);
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
