package Config;

import com.beatgen.functions.StepError;

/** State machine error {@code Config.Invalid}. */
public final class Invalid extends StepError {
    public Invalid(String message, Throwable cause) {
        super(message, cause);
    }
}
