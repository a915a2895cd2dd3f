package com.beatgen.functions;

import com.beatgen.Json;
import com.beatgen.provider.JsonShape;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.Provider;
import com.beatgen.provider.TransientProviderException;
import com.beatgen.wiring.Components;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;

/** SnapStart priming of the pipeline's tasks: what every invocation needs, short of a provider call. */
final class Priming {

    private Priming() {
    }

    /**
     * The database path (a pooled connection and a query), JSON both ways, schema checks, the prompt rules and the
     * error classes, loaded and run before the snapshot.
     */
    static void steps(Components components) {
        PerContainer.primeDatabase(components);
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
}
