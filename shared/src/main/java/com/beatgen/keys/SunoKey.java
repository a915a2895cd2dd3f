package com.beatgen.keys;

import java.time.Instant;

/** A pool key as shown to operators: never the secret, only its masked form. */
public record SunoKey(String id, String label, String masked, Status status, int quotaRemaining,
                      Instant creditsCheckedAt, Instant cooldownUntil, Instant lastUsed, String lastError) {

    public enum Status { active, exhausted, error, disabled }
}
