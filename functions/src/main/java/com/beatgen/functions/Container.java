package com.beatgen.functions;

import com.beatgen.config.Env;
import com.beatgen.pipeline.Pipeline;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;

/**
 * The per-container wiring: one {@link Pipeline} per Lambda execution environment, created on first use. With
 * SnapStart the snapshot must not hold open connections, so the pool is closed before the checkpoint and created
 * again on the first invocation after restore.
 */
public final class Container implements Resource {

    private static final Container INSTANCE = new Container();
    private Pipeline pipeline;

    static {
        Core.getGlobalContext().register(INSTANCE);
    }

    private Container() {
    }

    /**
     * The handlers' wiring. Called from their constructors, so this class is initialised, and its SnapStart hooks
     * registered, during INIT: a method reference alone would load it on the first invocation, after the snapshot.
     */
    public static Supplier<Pipeline> wiring() {
        return Container::pipeline;
    }

    public static synchronized Pipeline pipeline() {
        if (INSTANCE.pipeline == null) {
            INSTANCE.pipeline = Pipeline.fromEnv(Env.system());
        }
        return INSTANCE.pipeline;
    }

    @Override
    public synchronized void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
    }

    /**
     * Loads and runs, before the snapshot, what every invocation needs and that touches no network: JSON both ways,
     * schema checks, the prompt rules and the error classes (SnapStart priming).
     */
    static void prime() {
        try {
            var node = com.beatgen.Json.MAPPER.readTree("{\"jobId\":\"prime\",\"tags\":[\"a\"],\"n\":1}");
            com.beatgen.Json.MAPPER.writeValueAsString(java.util.Map.of("jobId", "prime", "payload", node));
            com.beatgen.provider.JsonShape.violations(node, com.beatgen.Json.MAPPER.readTree(
                    "{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"jobId\"]}"));
            com.beatgen.provider.PromptRules.withDefaults(java.util.List.of()).style("primed, 90 BPM");
            StepError.of(new com.beatgen.provider.TransientProviderException(com.beatgen.provider.Provider.SUNO, 500, "prime"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Priming failed", e);
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // the pipeline is created again on first use
    }
}
