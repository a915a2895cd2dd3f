package Suno;

import com.beatgen.functions.StepError;

/** State machine error {@code Suno.Timeout}. */
public final class Timeout extends StepError {
    public Timeout(String message, Throwable cause) {
        super(message, cause);
    }
}
