package com.beatgen.functions.api;

import com.beatgen.Json;
import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.AudioLinks;
import com.beatgen.functions.PerContainer;
import com.beatgen.wiring.Components;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The per-container wiring of the API functions: the {@link Components} of this Lambda execution environment, created
 * on first use from the environment. Closed before a SnapStart checkpoint (no open connections in the snapshot).
 */
public final class ApiContainer {

    private static PerContainer<Components> container;

    private ApiContainer() {
    }

    /**
     * The handlers' wiring for {@code function}. Called from their constructors, so this class is initialised, and its
     * SnapStart hooks registered, during INIT: a method reference alone would load it on the first request, after the
     * snapshot. One function per environment: the first caller names it.
     */
    public static synchronized Supplier<Components> components(String function) {
        if (container == null) {
            container = PerContainer.of(c -> c, components -> prime(components, function));
        }
        return container;
    }

    /**
     * SnapStart priming, before the snapshot: the function's own operations on a real connection
     * ({@link com.beatgen.api.ApiService#prime}), an event through the handler's mapping both ways and, for the beats
     * function, a presigned link (the SDK's signer and endpoint rules are most of its first-request cost, and the
     * database may have no beat to sign yet).
     */
    /**
     * What a handler does with an event and an answer, without the database: an event read from bytes into a request, a
     * list answer into the proxy response's bytes, and Powertools' logging set up (the first call's cold code around the
     * query). Part of the SnapStart priming, and of an on-demand INIT's main thread while the warm-up connects.
     *
     * @return the request read and the answer's bytes (for the test)
     */
    static Map.Entry<ApiRequest, byte[]> primeEvents() {
        Map.Entry<ApiRequest, byte[]> mapped;
        try {
            mapped = Map.entry(
                    ApiEvents.request(Json.MAPPER.readTree("{\"httpMethod\":\"GET\",\"path\":\"/api/beats\",\"queryStringParameters\":{\"limit\":\"1\"}}")),
                    Json.MAPPER.writeValueAsBytes(ApiEvents.json(ApiResponse.json(200,
                            Map.of("items", List.of(Map.of("id", "prime", "tags", List.of("a"))), "total", 1)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PowertoolsLogging.clearBuffer(); // initialises Powertools' logging (the level from POWERTOOLS_LOG_LEVEL); no buffer here
        return mapped;
    }

    static void prime(Components components, String function) {
        components.api(function).prime();
        primeEvents();
        if (!function.equals("BeatsApiFunction")) {
            return;
        }
        try (S3Presigner presigner = S3Presigner.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("prime", "prime"))).build()) {
            new AudioLinks(presigner, "prime-bucket", Duration.ofMinutes(5), Clock.systemUTC()).url("s3://prime-bucket/beats/prime.mp3");
        }
    }
}
