package com.beatgen.local.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiRoutes;
import com.beatgen.functions.PerContainer;
import com.beatgen.functions.api.ApiHandler;
import com.beatgen.functions.api.ListeningRoomHandler;
import com.beatgen.functions.api.SunoCallbackApiHandler;
import com.beatgen.web.WebAssets;
import com.beatgen.wiring.Components;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's functions as the SAM template names them, each on its real handler code, all on one {@link Components}
 * (one database pool), each wired as its deployed function is; and the listening room's page.
 */
public final class LocalApi {

    private static final Logger log = LoggerFactory.getLogger(LocalApi.class);

    private LocalApi() {
    }

    public static Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions(
            Components components) {
        Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions = new LinkedHashMap<>();
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            functions.computeIfAbsent(route.function(), function -> ApiHandler.of(() -> ApiHandler.wire(components, function))::handle);
        }
        functions.put(SunoCallbackApiHandler.FUNCTION, new SunoCallbackApiHandler(PerContainer.using(components, Components::callbackReceiver)));
        // the page at / and the API at /api, one origin, as on the API's stage in AWS
        functions.put("ListeningRoomFunction", new ListeningRoomHandler(new WebAssets("/", "/api")));
        return functions;
    }

    /** The listening room's first requests, and the health check: what {@link #warmUp} sends. */
    static final List<String> FIRST_REQUESTS = List.of("/api/health", "/api/stats", "/api/templates?pageSize=100&page=1",
            "/api/beats?pageSize=20");

    /**
     * Sends {@link #FIRST_REQUESTS} once through the functions before the server listens, each from its own
     * documentation address (192.0.2.x: no user's rate limit is touched, and a low limit does not refuse the warm-up).
     * A fresh JVM spends one to two seconds on its first request of each kind (class loading, interpreted code), which
     * the user's first page view would otherwise wait for.
     *
     * @return the status of each request, in order (a failure is logged and does not stop the server)
     */
    public static List<Integer> warmUp(Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions) {
        List<Integer> statuses = new ArrayList<>();
        for (String pathAndQuery : FIRST_REQUESTS) {
            String client = "192.0.2." + (statuses.size() + 1);
            ApiRequest request = ApiRequest.of("GET", pathAndQuery, client);
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath(request.path())
                    .withMultiValueQueryStringParameters(request.query())
                    .withRequestContext(new ProxyRequestContext().withIdentity(new RequestIdentity().withSourceIp(client)));
            try {
                statuses.add(functions.get(ApiRoutes.owner(request.path()).orElseThrow()).handleRequest(event, null).getStatusCode());
            } catch (RuntimeException e) {
                log.warn("Warm-up request {} failed: {}", pathAndQuery, e.toString());
                statuses.add(500);
            }
        }
        return statuses;
    }
}
