package Pipeline;

import com.beatgen.functions.StepError;

/** State machine error {@code Pipeline.Unexpected}. */
public final class Unexpected extends StepError {
    public Unexpected(String message, Throwable cause) {
        super(message, cause);
    }
}
