package com.beatgen.functions;

import com.beatgen.pipeline.AudioService;
import com.beatgen.wiring.Components;

/** Task {@code StoreAudio}: both takes into the beats bucket. Idempotent: a retried invocation returns the first result. */
public final class StoreAudioHandler extends StepHandler<Idempotent<AudioService>> {

    private static final PerContainer<Idempotent<AudioService>> CONTAINER = PerContainer.of(StoreAudioHandler::wire, Priming::storage);

    public StoreAudioHandler() {
        super(CONTAINER);
    }

    public StoreAudioHandler(Components components) {
        super(PerContainer.using(components, StoreAudioHandler::wire));
    }

    static Idempotent<AudioService> wire(Components c) {
        return new Idempotent<>(c.audio(), c.idempotency());
    }

    @Override
    protected Object handle(StepInput input, Idempotent<AudioService> step) {
        return step.run("StoreAudio", input.jobId(), AudioService.Result.class, () -> step.service().store(input.jobId()));
    }
}
