package com.beatgen.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned S3 GET URLs for stored audio ({@code s3://bucket/key}); other URLs are returned as they are. */
public final class AudioLinks {

    private final S3Presigner presigner;
    private final Duration ttl;
    private final Clock clock;

    public AudioLinks(S3Presigner presigner, Duration ttl, Clock clock) {
        this.presigner = presigner;
        this.ttl = ttl;
        this.clock = clock;
    }

    public String url(String location) {
        if (location == null || !location.startsWith("s3://")) {
            return location;
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalStateException("Not an S3 object location: " + location);
        }
        GetObjectRequest get = GetObjectRequest.builder().bucket(rest.substring(0, slash)).key(rest.substring(slash + 1)).build();
        return presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(get))
                .url().toString();
    }

    /** When URLs signed now stop working (approximately: the signature's clock is the SDK's). */
    public Instant expiresAt() {
        return clock.instant().plus(ttl);
    }
}
