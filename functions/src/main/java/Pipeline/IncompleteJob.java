package Pipeline;

import com.beatgen.functions.StepError;

/** State machine error {@code Pipeline.IncompleteJob}. */
public final class IncompleteJob extends StepError {
    public IncompleteJob(String message, Throwable cause) {
        super(message, cause);
    }
}
