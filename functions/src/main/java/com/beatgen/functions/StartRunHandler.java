package com.beatgen.functions;

import com.beatgen.pipeline.StartRunService;
import com.beatgen.wiring.Components;
import java.time.Instant;

/** Task {@code StartRun}: the scheduler's guards and the template choice. Idempotent: a retried invocation returns the first result. */
public final class StartRunHandler extends StepHandler<Idempotent<StartRunService>> {

    private static final PerContainer<Idempotent<StartRunService>> CONTAINER = container(StartRunHandler::wire);

    public StartRunHandler() {
        super(CONTAINER);
    }

    public StartRunHandler(Components components) {
        super(PerContainer.using(components, StartRunHandler::wire));
    }

    static Idempotent<StartRunService> wire(Components c) {
        return new Idempotent<>(c.startRun(), c.idempotency());
    }

    @Override
    protected Object handle(StepInput input, Idempotent<StartRunService> step) {
        StepInput event = input.object("event");
        boolean manual = event.flag("manual");
        Instant time = event.optional("time").isEmpty() && manual ? Instant.now() : Instant.parse(event.string("time"));
        String executionId = input.string("executionId");
        return step.run("StartRun", executionId, StartRunService.Decision.class,
                () -> step.service().start(time, executionId, manual));
    }
}
