package com.beatgen.keys;

import com.beatgen.provider.Redactor;
import java.time.Instant;

/**
 * A key handed out for one Suno call; {@code ticket} orders the pool's selections. {@link #toString()} masks the
 * secret, so a stray log line cannot leak it.
 */
public record LeasedKey(String id, String secret, Integer quotaRemaining, Instant creditsCheckedAt, long ticket) {

    /** The key as operators see it: {@code ****1234}. */
    public String masked() {
        return Redactor.mask(secret);
    }

    @Override
    public String toString() {
        return "LeasedKey[id=" + id + ", key=" + Redactor.mask(secret) + ", quotaRemaining=" + quotaRemaining + "]";
    }
}
