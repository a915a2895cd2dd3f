package com.beatgen.keys;

import com.beatgen.provider.suno.SunoClient;
import com.beatgen.provider.suno.SunoRequest;
import com.beatgen.provider.suno.SunoSubmission;
import com.beatgen.provider.suno.SunoTask;
import com.beatgen.provider.KeyRateLimitedException;
import com.beatgen.provider.OutOfCreditException;
import com.beatgen.provider.UnauthorizedException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a generation with a key from the pool and rotates on key-level failures: a rate-limited key cools down
 * and the next key is tried at once (seed property 14), an out-of-credit key becomes exhausted, a refused key
 * becomes error. Stale credit counts are refreshed before use. Transient errors are not handled here: the caller
 * (the state machine's Retry) retries them.
 */
public final class SunoGateway {

    private static final Logger log = LoggerFactory.getLogger(SunoGateway.class);

    private final SunoClient suno;
    private final SunoKeyPool pool;
    private final Clock clock;
    private final Duration keyCooldown;
    private final Duration creditsMaxAge;

    public SunoGateway(SunoClient suno, SunoKeyPool pool, Clock clock, Duration keyCooldown, Duration creditsMaxAge) {
        this.suno = suno;
        this.pool = pool;
        this.clock = clock;
        this.keyCooldown = keyCooldown;
        this.creditsMaxAge = creditsMaxAge;
    }

    /**
     * @throws NoKeyAvailableException when every key was tried or none qualifies
     */
    public SunoSubmission submit(SunoRequest request) {
        int keys = Math.max(1, pool.all().size());
        for (int attempt = 0; attempt < keys; attempt++) {
            LeasedKey key = pool.select();
            try {
                if (pool.creditsStale(key, creditsMaxAge)
                        && pool.refreshCredits(key.id(), suno.credits(key.secret())).quotaRemaining() < pool.generationCost()) {
                    continue; // refreshed to exhausted: try the next key
                }
                String taskId = suno.generate(key.secret(), request);
                pool.recordUsage(key.id());
                return new SunoSubmission(taskId, key.id());
            } catch (KeyRateLimitedException e) {
                log.warn("Suno key {} rate limited; rotating to the next key", key.id());
                pool.coolDown(key.id(), clock.instant().plus(keyCooldown));
            } catch (OutOfCreditException e) {
                log.warn("Suno key {} out of credits; rotating to the next key", key.id());
                pool.markExhausted(key.id());
            } catch (UnauthorizedException e) {
                log.warn("Suno key {} refused; rotating to the next key", key.id());
                pool.markError(key.id(), e.getMessage());
            }
        }
        throw new NoKeyAvailableException("Every Suno key was rate limited, out of credits or refused");
    }

    /** Polls a task with the key that created it (tasks belong to a key). */
    public SunoTask poll(String taskId, String keyId) {
        return suno.recordInfo(pool.secret(keyId), taskId);
    }

    /** Reads a key's credits from Suno and stores them (on demand, e.g. the admin refresh). */
    public int refreshCredits(String keyId) {
        return pool.refreshCredits(keyId, suno.credits(pool.secret(keyId))).quotaRemaining();
    }
}
