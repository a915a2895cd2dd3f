package com.beatgen.keys;

import java.time.Instant;

/**
 * A pool key as shown to operators: never the secret, only its masked form. {@code quotaRemaining} is null until Suno
 * was asked for the key's credits.
 */
public record SunoKey(String id, String label, String masked, Status status, Integer quotaRemaining,
                      Instant creditsCheckedAt, Instant cooldownUntil, Instant lastUsed, String lastError) {

    public enum Status { active, exhausted, error, disabled }
}
