-- Catalog deliveries from S3 (the CatalogSync Lambda, ./beatgen up): which object a run read, so that a repeated
-- S3 event for an object version already synced (or already refused) changes nothing. source_version keeps its
-- meaning (the S3 version id, else the ETag); the ETag and size are kept beside it, and refused tells a catalog that
-- is itself invalid (a redelivery is refused again without a new run) from a database failure (worth a retry).

ALTER TABLE catalog_sync_run
    ADD COLUMN source_etag   VARCHAR(200)  NULL COMMENT 'S3 ETag of the object read' AFTER source_version,
    ADD COLUMN source_bytes  BIGINT        NULL COMMENT 'size of the object read, in bytes' AFTER source_etag,
    ADD COLUMN refused       BOOLEAN       NOT NULL DEFAULT FALSE COMMENT 'failed because the catalog is invalid or too large (not a database error)' AFTER status,
    ADD INDEX ix_catalog_sync_run_source (source(191), id);
