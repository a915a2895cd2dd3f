package com.beatgen.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.Problem;
import com.beatgen.functions.PerContainer;
import com.beatgen.functions.Priming;
import com.beatgen.pipeline.CallbackService;
import com.beatgen.wiring.Components;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * {@code POST /api/callbacks/suno/{jobId}?sig=…}: Suno's callbacks for a job. A missing or wrong signature is 401, a body
 * over {@value CallbackService#MAX_BODY_BYTES} bytes 413, a body that is not a callback 400; a redelivered callback is
 * 200 and changes nothing.
 */
public final class SunoCallbackApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String FUNCTION = "SunoCallbackApiFunction";
    private static final Logger log = LoggerFactory.getLogger(SunoCallbackApiHandler.class);
    private static final PerContainer<CallbackService> CONTAINER = PerContainer.of(SunoCallbackApiHandler::wire, Priming::database);
    private final Supplier<CallbackService> callbacks;

    public SunoCallbackApiHandler() {
        this(CONTAINER);
    }

    public SunoCallbackApiHandler(Supplier<CallbackService> callbacks) {
        this.callbacks = callbacks;
    }

    static CallbackService wire(Components c) {
        return c.callbackReceiver();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> ApiEvents.response(handle(ApiEvents.request(event))));
    }

    private ApiResponse handle(ApiRequest request) {
        String jobId = request.pathParameters().get("jobId");
        if (jobId == null) {
            String path = request.path();
            jobId = path.substring(path.lastIndexOf('/') + 1);
        }
        List<String> sig = request.query().getOrDefault("sig", List.of());
        String body = request.body() == null ? "" : request.body();
        if (body.getBytes(StandardCharsets.UTF_8).length > CallbackService.MAX_BODY_BYTES) {
            return ApiResponse.problem(Problem.of(413, "Payload Too Large", "A callback body is at most "
                    + CallbackService.MAX_BODY_BYTES + " bytes"), Map.of());
        }
        CallbackService service;
        try {
            service = callbacks.get();
        } catch (RuntimeException e) {
            // configuration or database not reachable at start: Suno calls back again later
            log.error("Suno callback route not available: {}", e.getMessage());
            return ApiResponse.problem(Problem.of(503, "Service Unavailable", "The callback route is starting or cannot reach "
                    + "its database; try again later"), Map.of("Retry-After", "5"));
        }
        try {
            CallbackService.Outcome outcome = service.receive(jobId, sig.isEmpty() ? null : sig.get(0), body);
            return ApiResponse.json(200, outcome);
        } catch (CallbackService.Unauthorized e) {
            log.warn("Suno callback refused for job {}: {}", jobId, e.getMessage());
            return ApiResponse.problem(Problem.of(401, "Unauthorized", e.getMessage()), Map.of());
        } catch (CallbackService.Invalid e) {
            return ApiResponse.problem(Problem.badRequest("body", e.getMessage()), Map.of());
        }
    }
}
