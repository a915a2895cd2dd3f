package Idempotency;

import com.beatgen.functions.StepError;

/** State machine error {@code Idempotency.InProgress}. */
public final class InProgress extends StepError {
    public InProgress(String message, Throwable cause) {
        super(message, cause);
    }
}
