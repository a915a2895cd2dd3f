package com.beatgen.catalog;

import com.beatgen.pipeline.PipelineException;

/**
 * {@code Catalog.SyncFailed}: the database refused a catalog that validation accepted (a bug in validation, or a
 * schema changed behind its back). Nothing was written; the run is recorded and the same version is not tried again.
 * The message names the database's reason and SQLState, never the SQL statement.
 */
public final class CatalogSyncFailedException extends PipelineException {

    public static final String NAME = "Catalog.SyncFailed";

    public CatalogSyncFailedException(String message) {
        super(NAME, message);
    }
}
