package com.beatgen.keys;

import com.beatgen.provider.Redactor;
import java.time.Instant;

/**
 * A key handed out for one Suno call; {@code ticket} orders the pool's selections. {@link #toString()} masks the
 * secret, so a stray log line cannot leak it.
 */
public record LeasedKey(String id, String secret, int quotaRemaining, Instant creditsCheckedAt, long ticket) {

    @Override
    public String toString() {
        return "LeasedKey[id=" + id + ", key=" + Redactor.mask(secret) + ", quotaRemaining=" + quotaRemaining + "]";
    }
}
