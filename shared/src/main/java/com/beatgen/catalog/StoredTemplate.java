package com.beatgen.catalog;

import java.time.Instant;

/** A template as the database holds it. */
public record StoredTemplate(BeatTemplate template, boolean active, Instant lastUsed, String checksum,
                             Instant createdAt, Instant updatedAt) {
}
