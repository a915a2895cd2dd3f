package com.beatgen.catalog;

/**
 * {@code Catalog.SyncFailed}: the database refused a catalog that validation accepted (a bug in validation, or a
 * schema changed behind its back). Nothing was written; the run is recorded and the same version is not tried again.
 * The message names the database's reason and SQLState, never the SQL statement.
 */
public final class CatalogSyncFailedException extends RuntimeException {

    public static final String ERROR_NAME = "Catalog.SyncFailed";

    public CatalogSyncFailedException(String message) {
        super(message);
    }

    public String errorName() {
        return ERROR_NAME;
    }
}
