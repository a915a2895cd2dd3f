package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code GenerateMetadata}: Name, tags and description by Gemini, or from the template when Gemini stayed down. Idempotent: a retried invocation returns the first result. */
public final class GenerateMetadataHandler extends StepHandler {

    public GenerateMetadataHandler() {
    }

    public GenerateMetadataHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.idempotency.run("GenerateMetadata", input.jobId() + ":" + input.flag("fallback"), () -> pipeline.metadata.generate(input.jobId(), input.flag("fallback"), input.optional("cause")));
    }
}
