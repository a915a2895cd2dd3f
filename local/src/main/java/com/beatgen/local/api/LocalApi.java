package com.beatgen.local.api;

import com.beatgen.functions.PerContainer;
import com.beatgen.functions.api.SunoCallbackApiHandler;
import com.beatgen.wiring.Components;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiWiring;
import com.beatgen.functions.api.BeatsApiHandler;
import com.beatgen.functions.api.HealthApiHandler;
import com.beatgen.functions.api.JobsApiHandler;
import com.beatgen.functions.api.KeysAdminApiHandler;
import com.beatgen.functions.api.ListeningRoomHandler;
import com.beatgen.functions.api.PromptsApiHandler;
import com.beatgen.functions.api.RatingsAdminApiHandler;
import com.beatgen.functions.api.StatsApiHandler;
import com.beatgen.functions.api.TemplatesApiHandler;
import com.beatgen.web.WebAssets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's functions as the SAM template names them, each the real handler, all on one wiring (one database pool),
 * and the listening room's page.
 */
public final class LocalApi {

    private LocalApi() {
    }

    /** @param components the callback route's wiring (its database, Suno and S3), as a deployed function would build it */
    public static Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions(ApiWiring api,
            Components components) {
        Supplier<ApiWiring> wiring = () -> api;
        Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions = new LinkedHashMap<>();
        functions.put("BeatsApiFunction", new BeatsApiHandler(wiring));
        functions.put("StatsApiFunction", new StatsApiHandler(wiring));
        functions.put("PromptsApiFunction", new PromptsApiHandler(wiring));
        functions.put("TemplatesApiFunction", new TemplatesApiHandler(wiring));
        functions.put("JobsApiFunction", new JobsApiHandler(wiring));
        functions.put("HealthApiFunction", new HealthApiHandler(wiring));
        functions.put("KeysAdminApiFunction", new KeysAdminApiHandler(wiring));
        functions.put("SunoCallbackApiFunction", new SunoCallbackApiHandler(PerContainer.using(components, Components::callbackReceiver)));
        functions.put("RatingsAdminApiFunction", new RatingsAdminApiHandler(wiring));
        // the page at / and the API at /api, one origin, as on the API's stage in AWS
        functions.put("ListeningRoomFunction", new ListeningRoomHandler(new WebAssets("/", "/api")));
        return functions;
    }
}
