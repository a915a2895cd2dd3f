package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code StoreAudio}: Both clips into the beats bucket. Idempotent: a retried invocation returns the first result. */
public final class StoreAudioHandler extends StepHandler {

    public StoreAudioHandler() {
    }

    public StoreAudioHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.idempotency.run("StoreAudio", input.jobId(), () -> pipeline.audio.store(input.jobId()));
    }
}
