package com.beatgen.functions;

import com.beatgen.pipeline.FailureService;
import com.beatgen.wiring.Components;

/**
 * Task {@code RecordFailure}: the job failed with the error's name. Idempotent by the job's row lock (a finished job is
 * never changed), not by an idempotency record, which a database outage could leave in progress: the retry would then
 * fail with Idempotency.InProgress and leave the job processing, blocking every later run.
 */
public final class RecordFailureHandler extends StepHandler<FailureService> {

    private static final PerContainer<FailureService> CONTAINER = container(RecordFailureHandler::wire);

    public RecordFailureHandler() {
        super(CONTAINER);
    }

    public RecordFailureHandler(Components components) {
        super(PerContainer.using(components, RecordFailureHandler::wire));
    }

    static FailureService wire(Components c) {
        return c.failure();
    }

    @Override
    protected Object handle(StepInput input, FailureService step) {
        return step.record(input.jobId(), input.optional("error"), input.optional("cause"));
    }
}
