package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Task {@code RecordFailure}: the job failed with the error's name. Idempotent by the job's row lock (a finished job is
 * never changed), not by an idempotency record, which a database outage could leave in progress: the retry would then
 * fail with Idempotency.InProgress and leave the job processing, blocking every later run.
 */
public final class RecordFailureHandler extends StepHandler {

    public RecordFailureHandler() {
    }

    public RecordFailureHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.failure.record(input.jobId(), input.optional("error"), input.optional("cause"));
    }
}
