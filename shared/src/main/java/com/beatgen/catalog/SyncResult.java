package com.beatgen.catalog;

import java.util.List;

/**
 * What one catalog sync did (seed SyncResult), as recorded in {@code catalog_sync_run}.
 *
 * @param warning set when the synced catalog is too small for the schedule ({@link CatalogCoverage}), else null
 */
public record SyncResult(long runId, Status status, int added, int updated, int deactivated, int reactivated,
                         int unchanged, List<CatalogError> errors, String warning) {

    public enum Status { succeeded, failed }

    public SyncResult {
        errors = List.copyOf(errors);
    }

    public SyncResult(long runId, Status status, int added, int updated, int deactivated, int reactivated, int unchanged,
                      List<CatalogError> errors) {
        this(runId, status, added, updated, deactivated, reactivated, unchanged, errors, null);
    }

    public SyncResult withRunId(long id) {
        return new SyncResult(id, status, added, updated, deactivated, reactivated, unchanged, errors, warning);
    }

    public SyncResult withWarning(String text) {
        return new SyncResult(runId, status, added, updated, deactivated, reactivated, unchanged, errors, text);
    }

    /** Template rows written: unchanged rows are never written. */
    public int writes() {
        return added + updated + deactivated + reactivated;
    }
}
