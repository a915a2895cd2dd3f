package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code NormalizePrompt}: OpenAI prompt normalization, or the base prompt when OpenAI stayed down. Idempotent: a retried invocation returns the first result. */
public final class NormalizePromptHandler extends StepHandler {

    public NormalizePromptHandler() {
    }

    public NormalizePromptHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.idempotency.run("NormalizePrompt", input.jobId() + ":" + input.flag("useBasePrompt"), () -> pipeline.prompt.normalize(input.jobId(), input.flag("conceptFallback"), input.flag("useBasePrompt"), input.optional("cause")));
    }
}
