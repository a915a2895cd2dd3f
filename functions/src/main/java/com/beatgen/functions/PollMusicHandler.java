package com.beatgen.functions;

import com.beatgen.pipeline.MusicService;
import com.beatgen.wiring.Components;

/** Task {@code PollMusic}: one Suno status check. Not idempotent on purpose: every poll is a new question. */
public final class PollMusicHandler extends StepHandler<MusicService> {

    private static final PerContainer<MusicService> CONTAINER = container(PollMusicHandler::wire);

    public PollMusicHandler() {
        super(CONTAINER);
    }

    public PollMusicHandler(Components components) {
        super(PerContainer.using(components, PollMusicHandler::wire));
    }

    static MusicService wire(Components c) {
        return c.music();
    }

    @Override
    protected Object handle(StepInput input, MusicService step) {
        return step.poll(input.jobId());
    }
}
