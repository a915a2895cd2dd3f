package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code GenerateConcept}: Gemini concept for the job's template. Idempotent: a retried invocation returns the first result. */
public final class GenerateConceptHandler extends StepHandler {

    public GenerateConceptHandler() {
    }

    public GenerateConceptHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.idempotency.run("GenerateConcept", input.jobId(), () -> pipeline.concept.generate(input.jobId()));
    }
}
