package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code StartRun}: Guard and template selection. Idempotent: a retried invocation returns the first result. */
public final class StartRunHandler extends StepHandler {

    public StartRunHandler() {
    }

    public StartRunHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.idempotency.run("StartRun", input.string("executionId"), () -> pipeline.startRun.start(java.time.Instant.parse(input.string("time")), input.string("executionId")).toMap());
    }
}
