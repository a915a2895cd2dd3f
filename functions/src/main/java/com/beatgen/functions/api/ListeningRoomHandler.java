package com.beatgen.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiRequest;
import com.beatgen.config.Env;
import com.beatgen.web.WebAssets;

/**
 * The listening room, a static page, on the API's own origin: GET / (the page) and GET /web/{file} (its scripts and
 * styles). No database: the page talks to the API itself.
 */
public final class ListeningRoomHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final WebAssets assets;

    public ListeningRoomHandler() {
        this(WebAssets.fromEnv(Env.system()));
    }

    public ListeningRoomHandler(WebAssets assets) {
        this.assets = assets;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        ApiRequest request = ApiEvents.request(event);
        String file = request.pathParameters().get("file");
        var ifNoneMatch = request.header("If-None-Match");
        return ApiEvents.response(file == null ? assets.page(ifNoneMatch) : assets.file(file, ifNoneMatch));
    }
}
