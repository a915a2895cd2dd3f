package com.beatgen.catalog;

/** Where a catalog came from: a file path or {@code s3://bucket/key}, and the S3 version id or ETag when known. */
public record SyncSource(String location, String version) {

    public static SyncSource file(String path) {
        return new SyncSource(path, null);
    }
}
