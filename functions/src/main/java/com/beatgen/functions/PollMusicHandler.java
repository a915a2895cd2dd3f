package com.beatgen.functions;

import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;

/** Task {@code PollMusic}: one Suno status check. Not idempotent on purpose: every poll is a new question. */
public final class PollMusicHandler extends StepHandler {

    public PollMusicHandler() {
    }

    public PollMusicHandler(Supplier<Pipeline> pipeline) {
        super(pipeline);
    }

    @Override
    protected Map<String, Object> handle(StepInput input, Pipeline pipeline) {
        return pipeline.music.poll(input.jobId());
    }
}
