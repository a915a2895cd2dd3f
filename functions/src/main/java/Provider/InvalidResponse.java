package Provider;

import com.beatgen.functions.StepError;

/** State machine error {@code Provider.InvalidResponse}. */
public final class InvalidResponse extends StepError {
    public InvalidResponse(String message, Throwable cause) {
        super(message, cause);
    }
}
