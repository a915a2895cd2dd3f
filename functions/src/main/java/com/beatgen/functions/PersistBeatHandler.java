package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Task {@code PersistBeat}: the beat in one transaction. Idempotent by the job's row lock (a retried or concurrent
 * invocation finds the job completed and returns its beat), not by an idempotency record: a database outage in the
 * middle of the step would leave that record in progress and turn the state machine's own Database.Unavailable retry
 * into Idempotency.InProgress, failing a paid beat.
 */
public final class PersistBeatHandler extends StepHandler {

    public PersistBeatHandler() {
    }

    public PersistBeatHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.persist.persist(input.jobId());
    }
}
