package Audio;

import com.beatgen.functions.StepError;

/** State machine error {@code Audio.NotReady}. */
public final class NotReady extends StepError {
    public NotReady(String message, Throwable cause) {
        super(message, cause);
    }
}
