package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code PersistBeat}: The beat in one transaction. Idempotent: a retried invocation returns the first result. */
public final class PersistBeatHandler extends StepHandler {

    public PersistBeatHandler() {
    }

    public PersistBeatHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.idempotency.run("PersistBeat", input.jobId(), () -> pipeline.persist.persist(input.jobId()));
    }
}
