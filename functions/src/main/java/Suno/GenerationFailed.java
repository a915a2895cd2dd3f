package Suno;

import com.beatgen.functions.StepError;

/** State machine error {@code Suno.GenerationFailed}. */
public final class GenerationFailed extends StepError {
    public GenerationFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
