package Storage;

import com.beatgen.functions.StepError;

/** State machine error {@code Storage.Unavailable}. */
public final class Unavailable extends StepError {
    public Unavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
