package Suno;

import com.beatgen.functions.StepError;

/** State machine error {@code Suno.NoKeyAvailable}. */
public final class NoKeyAvailable extends StepError {
    public NoKeyAvailable(String message, Throwable cause) {
        super(message, cause);
    }
}
