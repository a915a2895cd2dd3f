package com.beatgen.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.AudioLinks;
import com.beatgen.api.Problem;
import com.beatgen.api.QueryParams;
import com.beatgen.functions.PerContainer;
import com.beatgen.wiring.Components;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The per-container wiring of the API functions: the {@link Components} of this Lambda execution environment, created
 * on first use from the environment. Closed before a SnapStart checkpoint (no open connections in the snapshot).
 */
public final class ApiContainer {

    private static final PerContainer<Components> CONTAINER = PerContainer.of(c -> c, ApiContainer::prime);

    private ApiContainer() {
    }

    /**
     * The handlers' wiring. Called from their constructors, so this class is initialised, and its SnapStart hooks
     * registered, during INIT: a method reference alone would load it on the first request, after the snapshot.
     */
    public static Supplier<Components> components() {
        return CONTAINER;
    }

    /**
     * Loads and runs, before the snapshot, what every request needs and that touches no network (SnapStart priming):
     * event → request, strict query parameters, JSON and problem responses, and an S3 presigner with throw-away
     * credentials (the SDK's signer and endpoint rules are most of an API function's first-request cost).
     */
    static void prime() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/api/beats")
                .withMultiValueQueryStringParameters(Map.of("tags", List.of("lofi, chill"), "pageSize", List.of("20")))
                .withHeaders(Map.of("Accept", "application/json"))
                .withRequestContext(new ProxyRequestContext().withIdentity(new RequestIdentity().withSourceIp("127.0.0.1")));
        ApiRequest request = ApiEvents.request(event);
        QueryParams params = new QueryParams(request, Set.of("tags", "page", "pageSize", "cursor"));
        params.tags("tags");
        params.page();
        params.validate();
        ApiEvents.response(ApiResponse.json(200, Map.of("items", List.of(Map.of("id", "prime", "tags", List.of("a"))), "total", 1)));
        ApiEvents.response(ApiResponse.problem(Problem.badRequest("pageSize", "must be a whole number"), Map.of()));
        try (S3Presigner presigner = S3Presigner.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("prime", "prime"))).build()) {
            new AudioLinks(presigner, "prime-bucket", Duration.ofMinutes(5), Clock.systemUTC()).url("s3://prime-bucket/beats/prime.mp3");
        }
    }
}
