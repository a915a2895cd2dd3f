package com.beatgen.local.up;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for EventBridge schedules: a task fires at every multiple of its period counted from the Unix
 * epoch in UTC, as a cron rule would ({@code 15m} → :00, :15, :30, :45; {@code 1d} → 00:00 UTC). The task gets the
 * time it was due; it runs on its own thread, so a slow task never delays another schedule or its own next firing.
 */
public final class LocalScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalScheduler.class);

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    public LocalScheduler(Clock clock) {
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "schedule-timer"));
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "schedule-task-" + count.incrementAndGet()));
    }

    /** The first multiple of {@code period} since the epoch that is strictly after {@code after}. */
    public static Instant nextDue(Instant after, Duration period) {
        long periodMillis = period.toMillis();
        long next = Math.floorDiv(after.toEpochMilli(), periodMillis) * periodMillis + periodMillis;
        return Instant.ofEpochMilli(next);
    }

    /** Fires {@code task} at every multiple of {@code period}; the first firing is the next one due. */
    public Instant every(Duration period, Consumer<Instant> task) {
        Instant first = nextDue(clock.instant(), period);
        schedule(first, period, task);
        return first;
    }

    private void schedule(Instant due, Duration period, Consumer<Instant> task) {
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
        try {
            timer.schedule(() -> fire(due, period, task), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void fire(Instant due, Duration period, Consumer<Instant> task) {
        if (clock.instant().isBefore(due)) { // the timer woke before the wall clock got there
            schedule(due, period, task);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    task.accept(due);
                } catch (RuntimeException e) {
                    log.error("Scheduled task due at {} failed", due, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // closed
        }
        schedule(nextDue(due, period), period, task);
    }

    /** Stops firing; waits up to {@code grace} for running tasks. */
    public boolean close(Duration grace) {
        timer.shutdownNow();
        workers.shutdown();
        try {
            return workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
