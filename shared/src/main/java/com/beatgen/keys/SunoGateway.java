package com.beatgen.keys;

import com.beatgen.provider.suno.SunoClient;
import com.beatgen.provider.suno.SunoRequest;
import com.beatgen.provider.suno.SunoSubmission;
import com.beatgen.provider.suno.SunoTask;
import com.beatgen.provider.KeyRateLimitedException;
import com.beatgen.provider.ProviderException;
import com.beatgen.provider.OutOfCreditException;
import com.beatgen.provider.UnauthorizedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a generation with a key from the pool and rotates on key-level failures: a rate-limited key cools down
 * and the next key is tried at once (seed property 14), an out-of-credit key becomes exhausted, a refused key
 * becomes error. Stale credit counts are refreshed before use. When the only keys with credits are rate limited,
 * the submission waits for them with backoff (2, 4, 8 … s for a lone key) within {@link #DEFAULT_WAIT_BUDGET}, inside
 * SubmitMusic's 110 s. Transient errors are not handled here: the caller (the state machine's Retry) retries them.
 */
public final class SunoGateway {

    private static final Logger log = LoggerFactory.getLogger(SunoGateway.class);

    private final SunoClient suno;
    private final SunoKeyPool pool;
    private final SubmissionRepository submissions;
    private final Clock clock;
    private final Duration keyCooldown;
    private final Duration creditsMaxAge;
    private final Duration waitBudget;
    private final Sleeper sleeper;

    /** How long one submission may wait for rate-limited keys. */
    public static final Duration DEFAULT_WAIT_BUDGET = Duration.ofSeconds(60);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

    /** Waits (tests advance their clock instead). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public SunoGateway(SunoClient suno, SunoKeyPool pool, SubmissionRepository submissions, Clock clock, Duration keyCooldown,
                       Duration creditsMaxAge) {
        this(suno, pool, submissions, clock, keyCooldown, creditsMaxAge, DEFAULT_WAIT_BUDGET, d -> Thread.sleep(d.toMillis()));
    }

    public SunoGateway(SunoClient suno, SunoKeyPool pool, SubmissionRepository submissions, Clock clock, Duration keyCooldown,
                       Duration creditsMaxAge, Duration waitBudget, Sleeper sleeper) {
        this.suno = suno;
        this.pool = pool;
        this.submissions = submissions;
        this.clock = clock;
        this.keyCooldown = keyCooldown;
        this.creditsMaxAge = creditsMaxAge;
        this.waitBudget = waitBudget;
        this.sleeper = sleeper;
    }

    /**
     * Buys one generation for {@code jobId}. Each attempt is recorded before the request leaves; an accepted one is
     * counted against its key and handed to {@code accepted} in one transaction (which stores the task on the job). An
     * attempt Suno answered with a refusal is settled as refused; one without an answer (a timeout: Suno may have
     * accepted it) stays pending, for {@link #adopt} to resolve through Suno's callback.
     *
     * @throws NoKeyAvailableException when every key was tried or none qualifies
     */
    public SunoSubmission submit(String jobId, SunoRequest request, BiConsumer<Handle, SunoSubmission> accepted) {
        Instant deadline = clock.instant().plus(waitBudget);
        Duration backoff = FIRST_BACKOFF;
        for (int wait = 0; ; wait++) {
            try {
                return rotate(jobId, request, accepted, backoff);
            } catch (NoKeyAvailableException e) {
                Optional<Instant> ready = pool.nextCooldownEnd();
                if (ready.isEmpty() || ready.get().isAfter(deadline) || wait >= 8) {
                    throw e;
                }
                Duration pause = wholeMillisecondsUp(Duration.between(clock.instant(), ready.get()));
                log.info("Every Suno key with credits is rate limited; retrying in {} ms", pause.toMillis());
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /**
     * A cooldown is kept to the millisecond, the clock counts microseconds and a sleep whole milliseconds: rounded down,
     * the wait ends a fraction of a millisecond early, the key is found still cooling, and the next waits (of nothing)
     * spend the loop's limit, so the run gives up on a key about to be free.
     */
    static Duration wholeMillisecondsUp(Duration pause) {
        return pause.isNegative() ? Duration.ZERO : Duration.ofMillis((pause.toNanos() + 999_999) / 1_000_000);
    }

    /** One round over the pool; a rate-limited key cools down {@code backoff} when no other key could be used. */
    private SunoSubmission rotate(String jobId, SunoRequest request, BiConsumer<Handle, SunoSubmission> accepted, Duration backoff) {
        int keys = Math.max(1, pool.all().size());
        for (int attempt = 0; attempt < keys; attempt++) {
            LeasedKey key = pool.select();
            String submission = null;
            try {
                if (pool.creditsStale(key, creditsMaxAge)
                        && pool.refreshCredits(key.id(), suno.credits(key.secret())).quotaRemaining() < pool.generationCost()) {
                    continue; // refreshed to exhausted: try the next key
                }
                submission = submissions.intend(jobId, key.id());
                String taskId = suno.generate(key.secret(), request);
                return settle(submission, new SunoSubmission(taskId, key.id()), accepted);
            } catch (ProviderException e) {
                if (submission != null && e.answered()) {
                    submissions.refuse(submission, e.errorName() + ": " + e.getMessage());
                }
                if (!(e instanceof KeyRateLimitedException || e instanceof OutOfCreditException || e instanceof UnauthorizedException)) {
                    throw e;
                }
                rotateAway(key, e, backoff);
            }
        }
        throw new NoKeyAvailableException("Every Suno key was rate limited, out of credits or refused");
    }

    /** A key-level failure: the key cools down, is exhausted or is refused, and the next key is tried. */
    private void rotateAway(LeasedKey key, ProviderException failure, Duration backoff) {
        if (failure instanceof KeyRateLimitedException) {
            boolean others = pool.hasOtherSelectableKey(key.id());
            log.warn("Suno key {} rate limited; {}", key.masked(), others ? "rotating to the next key" : "the only usable key, backing off");
            pool.coolDown(key.id(), clock.instant().plus(others ? keyCooldown : backoff));
        } else if (failure instanceof OutOfCreditException) {
            log.warn("Suno key {} out of credits; rotating to the next key", key.masked());
            pool.markExhausted(key.id());
        } else {
            log.warn("Suno key {} refused; rotating to the next key", key.masked());
            pool.markError(key.id(), failure.getMessage());
        }
    }

    /**
     * Takes over a generation an earlier attempt bought without hearing the answer: {@code taskId} (from Suno's
     * callback) is confirmed through record-info with the attempt's key, then counted and handed to {@code accepted}
     * in one transaction.
     *
     * @return the task's status as Suno reports it
     */
    public SunoTask adopt(SubmissionRepository.Submission attempt, String taskId, BiConsumer<Handle, SunoSubmission> accepted) {
        SunoTask task = suno.recordInfo(pool.secret(attempt.keyId()), taskId); // the callback is a hint: ask Suno
        settle(attempt.id(), new SunoSubmission(taskId, attempt.keyId()), accepted);
        return task;
    }

    /**
     * Records where the clips of a generation its job could not take are kept and counts it against its key, in one
     * transaction; an attempt already {@code accepted} (its job failed after taking it) was counted when it was.
     */
    public void orphan(SubmissionRepository.Submission attempt, String taskId, String fileUrl, String altFileUrl) {
        pool.inTransaction(h -> {
            if (!"accepted".equals(attempt.status())) {
                pool.recordUsage(h, attempt.keyId());
            }
            submissions.orphan(h, attempt.id(), taskId, fileUrl, altFileUrl);
        });
    }

    private SunoSubmission settle(String submission, SunoSubmission accepted, BiConsumer<Handle, SunoSubmission> store) {
        pool.inTransaction(h -> {
            pool.recordUsage(h, accepted.keyId());
            submissions.accept(h, submission, accepted.taskId());
            store.accept(h, accepted);
        });
        return accepted;
    }

    /** Polls a task with the key that created it (tasks belong to a key). */
    public SunoTask poll(String taskId, String keyId) {
        return suno.recordInfo(pool.secret(keyId), taskId);
    }

    /**
     * Asks Suno for the credits of every active key whose credits were never read (StartRun, before any paid call). A
     * refused key becomes error; a key Suno could not answer for stays unknown.
     */
    public void checkUnknownCredits() {
        for (String id : pool.withUnknownCredits()) {
            try {
                refreshCredits(id);
            } catch (UnauthorizedException e) {
                pool.markError(id, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Could not read the credits of Suno key {}: {}", pool.find(id).map(k -> k.masked()).orElse(id), e.getMessage());
            }
        }
    }

    /** Reads a key's credits from Suno and stores them (on demand, e.g. the admin refresh). */
    public int refreshCredits(String keyId) {
        return pool.refreshCredits(keyId, suno.credits(pool.secret(keyId))).quotaRemaining();
    }
}
