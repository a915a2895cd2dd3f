package Audio;

import com.beatgen.functions.StepError;

/** State machine error {@code Audio.Invalid}. */
public final class Invalid extends StepError {
    public Invalid(String message, Throwable cause) {
        super(message, cause);
    }
}
