package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code SubmitMusic}: Suno generation with a key from the pool. Idempotent: a retried invocation returns the first result. */
public final class SubmitMusicHandler extends StepHandler {

    public SubmitMusicHandler() {
    }

    public SubmitMusicHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.idempotency.run("SubmitMusic", input.jobId(), () -> pipeline.music.submit(input.jobId()));
    }
}
