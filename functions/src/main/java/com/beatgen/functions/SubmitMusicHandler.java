package com.beatgen.functions;

import com.beatgen.pipeline.MusicService;
import com.beatgen.wiring.Components;

/** Task {@code SubmitMusic}: Suno generation with a key from the pool. Idempotent: a retried invocation returns the first result. */
public final class SubmitMusicHandler extends StepHandler<Idempotent<MusicService>> {

    private static final PerContainer<Idempotent<MusicService>> CONTAINER = container(SubmitMusicHandler::wire);

    public SubmitMusicHandler() {
        super(CONTAINER);
    }

    public SubmitMusicHandler(Components components) {
        super(PerContainer.using(components, SubmitMusicHandler::wire));
    }

    static Idempotent<MusicService> wire(Components c) {
        return new Idempotent<>(c.musicSubmission(), c.idempotency());
    }

    @Override
    protected Object handle(StepInput input, Idempotent<MusicService> step) {
        return step.run("SubmitMusic", input.jobId(), MusicService.Submission.class, () -> step.service().submit(input.jobId()));
    }
}
