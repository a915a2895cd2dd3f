package com.beatgen.catalog;

import java.util.List;

/** What one catalog sync did (seed SyncResult), as recorded in {@code catalog_sync_run}. */
public record SyncResult(long runId, Status status, int added, int updated, int deactivated, int reactivated,
                         int unchanged, List<CatalogError> errors) {

    public enum Status { succeeded, failed }

    public SyncResult {
        errors = List.copyOf(errors);
    }

    public SyncResult withRunId(long id) {
        return new SyncResult(id, status, added, updated, deactivated, reactivated, unchanged, errors);
    }

    /** Template rows written: unchanged rows are never written. */
    public int writes() {
        return added + updated + deactivated + reactivated;
    }
}
