package com.beatgen.functions;

import com.beatgen.pipeline.ConceptService;
import com.beatgen.wiring.Components;

/** Task {@code GenerateConcept}: Gemini concept for the job's template. Idempotent: a retried invocation returns the first result. */
public final class GenerateConceptHandler extends StepHandler<Idempotent<ConceptService>> {

    private static final PerContainer<Idempotent<ConceptService>> CONTAINER = container(GenerateConceptHandler::wire);

    public GenerateConceptHandler() {
        super(CONTAINER);
    }

    public GenerateConceptHandler(Components components) {
        super(PerContainer.using(components, GenerateConceptHandler::wire));
    }

    static Idempotent<ConceptService> wire(Components c) {
        return new Idempotent<>(c.concept(), c.idempotency());
    }

    @Override
    protected Object handle(StepInput input, Idempotent<ConceptService> step) {
        return step.run("GenerateConcept", input.jobId(), ConceptService.Result.class, () -> step.service().generate(input.jobId()));
    }
}
