package com.beatgen.functions;

import com.beatgen.pipeline.PersistService;
import com.beatgen.wiring.Components;

/**
 * Task {@code PersistBeat}: the beat in one transaction. Idempotent by the job's row lock (a retried or concurrent
 * invocation finds the job completed and returns its beat), not by an idempotency record: a database outage in the
 * middle of the step would leave that record in progress and turn the state machine's own Database.Unavailable retry
 * into Idempotency.InProgress, failing a paid beat.
 */
public final class PersistBeatHandler extends StepHandler<PersistService> {

    private static final PerContainer<PersistService> CONTAINER = container(PersistBeatHandler::wire);

    public PersistBeatHandler() {
        super(CONTAINER);
    }

    public PersistBeatHandler(Components components) {
        super(PerContainer.using(components, PersistBeatHandler::wire));
    }

    static PersistService wire(Components c) {
        return c.persist();
    }

    @Override
    protected Object handle(StepInput input, PersistService step) {
        return step.persist(input.jobId());
    }
}
