package Provider;

import com.beatgen.functions.StepError;

/** State machine error {@code Provider.CircuitOpen}. */
public final class CircuitOpen extends StepError {
    public CircuitOpen(String message, Throwable cause) {
        super(message, cause);
    }
}
