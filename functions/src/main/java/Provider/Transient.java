package Provider;

import com.beatgen.functions.StepError;

/** State machine error {@code Provider.Transient}. */
public final class Transient extends StepError {
    public Transient(String message, Throwable cause) {
        super(message, cause);
    }
}
