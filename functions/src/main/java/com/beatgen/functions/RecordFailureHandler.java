package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code RecordFailure}: The job failed with the error's name. Idempotent: a retried invocation returns the first result. */
public final class RecordFailureHandler extends StepHandler {

    public RecordFailureHandler() {
    }

    public RecordFailureHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.idempotency.run("RecordFailure", input.jobId(), () -> pipeline.failure.record(input.jobId(), input.optional("error"), input.optional("cause")));
    }
}
