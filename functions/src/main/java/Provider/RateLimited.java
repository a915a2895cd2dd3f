package Provider;

import com.beatgen.functions.StepError;

/** State machine error {@code Provider.RateLimited}. */
public final class RateLimited extends StepError {
    public RateLimited(String message, Throwable cause) {
        super(message, cause);
    }
}
