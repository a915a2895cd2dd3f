package com.beatgen.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned S3 GET URLs for stored audio ({@code s3://bucket/key}) in the beats bucket, the one bucket the function may
 * read; other URLs are returned as they are.
 */
public record AudioLinks(S3Presigner presigner, String bucket, Duration ttl, Clock clock) {

    public String url(String location) {
        if (location == null || !location.startsWith("s3://")) {
            return location;
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalStateException("Not an S3 object location: " + location);
        }
        if (!rest.substring(0, slash).equals(bucket)) {
            // a link signed for another bucket would be refused by S3: the function's role reads the beats bucket only
            throw new IllegalStateException("Audio outside the beats bucket " + bucket + ": " + location);
        }
        GetObjectRequest get = GetObjectRequest.builder().bucket(bucket).key(rest.substring(slash + 1)).build();
        return presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(get))
                .url().toString();
    }

    /** When URLs signed now stop working (approximately: the signature's clock is the SDK's). */
    public Instant expiresAt() {
        return clock.instant().plus(ttl);
    }
}
