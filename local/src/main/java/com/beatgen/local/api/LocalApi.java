package com.beatgen.local.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiRoutes;
import com.beatgen.functions.PerContainer;
import com.beatgen.functions.api.ApiHandler;
import com.beatgen.functions.api.ListeningRoomHandler;
import com.beatgen.functions.api.SunoCallbackApiHandler;
import com.beatgen.web.WebAssets;
import com.beatgen.wiring.Components;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API's functions as the SAM template names them, each on its real handler code, all on one {@link Components}
 * (one database pool), each wired as its deployed function is; and the listening room's page.
 */
public final class LocalApi {

    private LocalApi() {
    }

    public static Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions(
            Components components) {
        Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions = new LinkedHashMap<>();
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            functions.computeIfAbsent(route.function(), function -> ApiHandler.of(() -> ApiHandler.wire(components, function)));
        }
        functions.put(SunoCallbackApiHandler.FUNCTION, new SunoCallbackApiHandler(PerContainer.using(components, Components::callbackReceiver)));
        // the page at / and the API at /api, one origin, as on the API's stage in AWS
        functions.put("ListeningRoomFunction", new ListeningRoomHandler(new WebAssets("/", "/api")));
        return functions;
    }
}
