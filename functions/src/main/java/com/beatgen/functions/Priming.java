package com.beatgen.functions;

import com.beatgen.Json;
import com.beatgen.provider.JsonShape;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.Provider;
import com.beatgen.provider.TransientProviderException;
import com.beatgen.storage.S3Clients;
import com.beatgen.wiring.Components;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/** SnapStart priming (a {@link PerContainer}'s primer): what a function's first call does, short of a provider call. */
public final class Priming {

    private Priming() {
    }

    /**
     * The database path (a pooled connection and a query), the providers' HTTP client (for the tasks that call one),
     * JSON both ways, schema checks, the prompt rules and the error classes, loaded and run before the snapshot.
     */
    static void steps(Components components) {
        database(components);
        components.prepareProviderCalls();
        try {
            var node = Json.MAPPER.readTree("{\"jobId\":\"prime\",\"tags\":[\"a\"],\"n\":1}");
            Json.MAPPER.writeValueAsString(Map.of("jobId", "prime", "payload", node));
            JsonShape.violations(node, Json.MAPPER.readTree(
                    "{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"jobId\"]}"));
            PromptRules.withDefaults(List.of()).style("primed, 90 BPM");
            StepError.of(new TransientProviderException(Provider.SUNO, 500, "prime"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Priming failed", e);
        }
    }

    /** What every function's first call does: a pooled connection and a query through Jdbi. */
    public static void database(Components components) {
        components.jdbi().withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    /**
     * The pipeline's priming and one request to the beats bucket through the S3 client (its marshalling, signing,
     * endpoint rules and HTTP client: most of StoreAudio's first call); the object does not exist, so the answer is
     * an error, which is expected.
     */
    static void storage(Components components) {
        steps(components);
        try {
            components.s3().headObject(b -> b.bucket(components.env().required(S3Clients.BEATS_BUCKET)).key("snapstart-priming"));
        } catch (SdkException expected) {
            // 404 (or 403 without s3:ListBucket): the request path ran
        }
    }
}
