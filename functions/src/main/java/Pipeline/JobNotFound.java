package Pipeline;

import com.beatgen.functions.StepError;

/** State machine error {@code Pipeline.JobNotFound}. */
public final class JobNotFound extends StepError {
    public JobNotFound(String message, Throwable cause) {
        super(message, cause);
    }
}
