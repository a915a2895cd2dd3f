package com.beatgen.functions;

import com.beatgen.pipeline.StartRunService;
import com.beatgen.wiring.Components;
import java.time.Instant;

/**
 * Task {@code StartRun}: the scheduler's guards and the template choice. Idempotent by the job row of the execution
 * (a retried invocation whose first attempt committed gets the same job), not by an idempotency record: a database
 * cut in the middle would leave that record in progress and the retry would fail, leaving the job processing.
 */
public final class StartRunHandler extends StepHandler<StartRunService> {

    private static final PerContainer<StartRunService> CONTAINER = container(StartRunHandler::wire);

    public StartRunHandler() {
        super(CONTAINER);
    }

    public StartRunHandler(Components components) {
        super(PerContainer.using(components, StartRunHandler::wire));
    }

    static StartRunService wire(Components c) {
        return c.startRun();
    }

    @Override
    protected Object handle(StepInput input, StartRunService startRun) {
        StepInput event = input.object("event");
        boolean manual = event.flag("manual");
        Instant time = event.optional("time").isEmpty() && manual ? Instant.now() : Instant.parse(event.string("time"));
        return startRun.start(time, input.string("executionId"), manual);
    }
}
