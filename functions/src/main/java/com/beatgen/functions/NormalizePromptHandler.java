package com.beatgen.functions;

import com.beatgen.pipeline.PromptService;
import com.beatgen.wiring.Components;

/** Task {@code NormalizePrompt}: OpenAI prompt normalization, or the base prompt when OpenAI stayed down. Idempotent: a retried invocation returns the first result. */
public final class NormalizePromptHandler extends StepHandler<Idempotent<PromptService>> {

    private static final PerContainer<Idempotent<PromptService>> CONTAINER = container(NormalizePromptHandler::wire);

    public NormalizePromptHandler() {
        super(CONTAINER);
    }

    public NormalizePromptHandler(Components components) {
        super(PerContainer.using(components, NormalizePromptHandler::wire));
    }

    static Idempotent<PromptService> wire(Components c) {
        return new Idempotent<>(c.prompt(), c.idempotency());
    }

    @Override
    protected Object handle(StepInput input, Idempotent<PromptService> step) {
        boolean useBasePrompt = input.flag("useBasePrompt");
        return step.run("NormalizePrompt", input.jobId() + ":" + useBasePrompt, PromptService.Result.class,
                () -> step.service().normalize(input.jobId(), input.flag("conceptFallback"), useBasePrompt, input.optional("cause")));
    }
}
