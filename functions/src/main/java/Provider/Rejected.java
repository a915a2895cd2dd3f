package Provider;

import com.beatgen.functions.StepError;

/** State machine error {@code Provider.Rejected}. */
public final class Rejected extends StepError {
    public Rejected(String message, Throwable cause) {
        super(message, cause);
    }
}
