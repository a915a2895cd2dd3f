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
        StepInput event = input.object("event");
        boolean manual = event.flag("manual");
        java.time.Instant time = event.optional("time").isEmpty() && manual ? java.time.Instant.now() : java.time.Instant.parse(event.string("time"));
        return pipeline.idempotency.run("StartRun", input.string("executionId"),
                () -> pipeline.startRun.start(time, input.string("executionId"), manual).toMap());
    }
}
