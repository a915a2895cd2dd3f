package com.beatgen.catalog;

/**
 * Where a catalog came from: a file path or {@code s3://bucket/key}; for an S3 object its version (the version id,
 * else the ETag), its ETag and its size when known.
 */
public record SyncSource(String location, String version, String etag, Long bytes) {

    public SyncSource(String location, String version) {
        this(location, version, null, null);
    }

    public static SyncSource file(String path) {
        return new SyncSource(path, null);
    }

    /** An S3 object; a bucket without versioning has no version id, and then the ETag identifies the version. */
    public static SyncSource s3(String bucket, String key, String versionId, String etag, Long bytes) {
        return new SyncSource("s3://" + bucket + "/" + key, versionId != null ? versionId : etag, etag, bytes);
    }
}
