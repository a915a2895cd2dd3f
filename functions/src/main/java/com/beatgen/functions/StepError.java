package com.beatgen.functions;

import com.beatgen.catalog.CatalogSyncFailedException;
import com.beatgen.catalog.InvalidCatalogException;
import com.beatgen.config.ConfigException;
import com.beatgen.db.DatabaseErrors;
import com.beatgen.keys.NoKeyAvailableException;
import com.beatgen.pipeline.PipelineException;
import com.beatgen.provider.ProviderException;
import com.beatgen.storage.StorageUnavailableException;
import java.lang.reflect.InvocationTargetException;

/**
 * An error as the state machine sees it. Subclasses live in packages named after the error family, so the class
 * name the Lambda runtime reports is the error name the ASL matches ({@code Provider.Transient} …).
 */
public abstract class StepError extends RuntimeException {

    protected StepError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The state machine error for a failure of a step. */
    public static RuntimeException of(RuntimeException failure) {
        if (failure instanceof StepError) {
            return failure;
        }
        String name = errorName(failure);
        try {
            return (RuntimeException) Class.forName(name).getConstructor(String.class, Throwable.class)
                    .newInstance(failure.getMessage(), failure);
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            return new Pipeline.Unexpected(name + ": " + failure.getMessage(), failure);
        }
    }

    static String errorName(Throwable failure) {
        if (failure instanceof ProviderException provider) {
            return provider.errorName();
        }
        if (failure instanceof NoKeyAvailableException noKey) {
            return noKey.errorName();
        }
        if (failure instanceof PipelineException pipeline) {
            return pipeline.errorName();
        }
        if (failure instanceof StorageUnavailableException) {
            return StorageUnavailableException.ERROR_NAME;
        }
        if (failure instanceof InvalidCatalogException) {
            return "Catalog.Invalid";
        }
        if (failure instanceof CatalogSyncFailedException) {
            return CatalogSyncFailedException.ERROR_NAME;
        }
        if (failure instanceof ConfigException) {
            return "Config.Invalid";
        }
        return DatabaseErrors.isUnavailable(failure) ? "Database.Unavailable" : "Pipeline.Unexpected";
    }
}
