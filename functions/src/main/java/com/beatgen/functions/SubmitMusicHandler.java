package com.beatgen.functions;

import com.beatgen.pipeline.MusicService;
import com.beatgen.wiring.Components;

/**
 * Task {@code SubmitMusic}: Suno generation with a key from the pool. Idempotent by the job row and its submission
 * records, not by an idempotency record: the state machine retries it on {@code Database.Unavailable}, and a record
 * left in progress by a database cut would turn that retry into {@code Idempotency.InProgress}. A retried invocation
 * returns the job's task, or takes over the task of an attempt whose answer was lost.
 */
public final class SubmitMusicHandler extends StepHandler<MusicService> {

    private static final PerContainer<MusicService> CONTAINER = container(SubmitMusicHandler::wire);

    public SubmitMusicHandler() {
        super(CONTAINER);
    }

    public SubmitMusicHandler(Components components) {
        super(PerContainer.using(components, SubmitMusicHandler::wire));
    }

    static MusicService wire(Components c) {
        return c.musicSubmission();
    }

    @Override
    protected Object handle(StepInput input, MusicService music) {
        return music.submit(input.jobId());
    }
}
