package Provider;

import com.beatgen.functions.StepError;

/** State machine error {@code Provider.Unauthorized}. */
public final class Unauthorized extends StepError {
    public Unauthorized(String message, Throwable cause) {
        super(message, cause);
    }
}
