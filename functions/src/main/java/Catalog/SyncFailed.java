package Catalog;

import com.beatgen.functions.StepError;

/** Error {@code Catalog.SyncFailed}: the database refused a catalog that validation accepted; nothing changed. */
public final class SyncFailed extends StepError {
    public SyncFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
