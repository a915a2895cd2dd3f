package Catalog;

import com.beatgen.functions.StepError;

/** State machine error {@code Catalog.NoEligibleTemplate}. */
public final class NoEligibleTemplate extends StepError {
    public NoEligibleTemplate(String message, Throwable cause) {
        super(message, cause);
    }
}
