package Provider;

import com.beatgen.functions.StepError;

/** State machine error {@code Provider.OutOfCredit}. */
public final class OutOfCredit extends StepError {
    public OutOfCredit(String message, Throwable cause) {
        super(message, cause);
    }
}
