package com.beatgen.functions;

import com.beatgen.pipeline.MetadataService;
import com.beatgen.wiring.Components;

/** Task {@code GenerateMetadata}: name, tags and description by Gemini, or from the template when Gemini stayed down. Idempotent: a retried invocation returns the first result. */
public final class GenerateMetadataHandler extends StepHandler<Idempotent<MetadataService>> {

    private static final PerContainer<Idempotent<MetadataService>> CONTAINER = container(GenerateMetadataHandler::wire);

    public GenerateMetadataHandler() {
        super(CONTAINER);
    }

    public GenerateMetadataHandler(Components components) {
        super(PerContainer.using(components, GenerateMetadataHandler::wire));
    }

    static Idempotent<MetadataService> wire(Components c) {
        return new Idempotent<>(c.metadata(), c.idempotency());
    }

    @Override
    protected Object handle(StepInput input, Idempotent<MetadataService> step) {
        boolean fallback = input.flag("fallback");
        return step.run("GenerateMetadata", input.jobId() + ":" + fallback, MetadataService.Result.class,
                () -> step.service().generate(input.jobId(), fallback, input.optional("cause")));
    }
}
