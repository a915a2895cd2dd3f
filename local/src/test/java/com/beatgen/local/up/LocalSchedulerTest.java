package com.beatgen.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalSchedulerTest {

    /** The system clock moved so that it reads {@code at} now. */
    private static Clock clockReading(Instant at) {
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), at));
    }

    @Test
    void firesAtMultiplesOfThePeriodCountedFromTheEpochInUtc() {
        assertThat(LocalScheduler.nextDue(Instant.parse("2026-03-14T09:26:53.123Z"), Duration.ofMinutes(15)))
                .isEqualTo(Instant.parse("2026-03-14T09:30:00Z"));
        assertThat(LocalScheduler.nextDue(Instant.parse("2026-03-14T09:30:00Z"), Duration.ofMinutes(15)))
                .as("strictly after").isEqualTo(Instant.parse("2026-03-14T09:45:00Z"));
        assertThat(LocalScheduler.nextDue(Instant.parse("2026-03-14T23:59:59.999Z"), Duration.ofDays(1)))
                .isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
    }

    @Test
    void theDailyTaskRunsAtMidnightUtcWithTheDayThatEnded() throws Exception {
        List<LocalDate> days = new CopyOnWriteArrayList<>();
        CountDownLatch fired = new CountDownLatch(1);
        Clock clock = clockReading(Instant.parse("2026-03-14T23:59:59.400Z"));
        try (LocalScheduler scheduler = new LocalScheduler(clock)) {
            Instant first = scheduler.every(Duration.ofDays(1), due -> {
                days.add(LocalDate.ofInstant(due, ZoneOffset.UTC).minusDays(1));
                fired.countDown();
            });
            assertThat(first).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
            assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(clock.instant()).isAfterOrEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
        }
        assertThat(days).containsExactly(LocalDate.parse("2026-03-14"));
    }

    @Test
    void firesEveryPeriodAndASlowTaskDelaysNoFiring() throws Exception {
        List<Instant> dues = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        try (LocalScheduler scheduler = new LocalScheduler(Clock.systemUTC())) {
            scheduler.every(Duration.ofMillis(1000), due -> {
                dues.add(due);
                three.countDown();
                sleep(2500); // longer than the period
            });
            assertThat(three.await(6, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Duration.between(dues.get(0), dues.get(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(dues.get(1), dues.get(2))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void closingWaitsForRunningTasksUpToTheGrace() {
        CountDownLatch started = new CountDownLatch(1);
        LocalScheduler scheduler = new LocalScheduler(Clock.systemUTC());
        scheduler.every(Duration.ofSeconds(1), due -> {
            started.countDown();
            sleep(600);
        });
        await(started);
        assertThat(scheduler.close(Duration.ofSeconds(5))).as("the running task finished").isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
