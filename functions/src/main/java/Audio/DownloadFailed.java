package Audio;

import com.beatgen.functions.StepError;

/** State machine error {@code Audio.DownloadFailed}. */
public final class DownloadFailed extends StepError {
    public DownloadFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
