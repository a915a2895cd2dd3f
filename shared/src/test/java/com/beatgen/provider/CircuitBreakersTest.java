package com.beatgen.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.MutableClock;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private static final int THRESHOLD = 3;
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);
    private static Database database;
    private static MutableClock clock;
    private static CircuitBreakers breakers;

    @BeforeAll
    static void start() {
        database = TestDatabase.fresh();
        clock = MutableClock.atNow();
        breakers = new CircuitBreakers(database.jdbi(), clock, THRESHOLD, COOL_DOWN);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void anOpenCircuitRefusesWithTheTimeToWait() {
        reset();
        for (int i = 0; i < THRESHOLD; i++) {
            breakers.recordFailure(Provider.OPENAI);
        }
        assertThatThrownBy(() -> breakers.ensureCallPermitted(Provider.OPENAI))
                .isInstanceOf(CircuitOpenException.class)
                .satisfies(e -> assertThat(((CircuitOpenException) e).retryAfter()).contains(COOL_DOWN))
                .satisfies(e -> assertThat(((ProviderException) e).errorName()).isEqualTo("Provider.CircuitOpen"));
        assertThat(breakers.isCallPermitted(Provider.GEMINI)).as("one breaker per provider").isTrue();
    }

    @Test
    void exactlyOneConcurrentCallerGetsTheHalfOpenTrial() throws Exception {
        reset();
        for (int i = 0; i < THRESHOLD; i++) {
            breakers.recordFailure(Provider.GEMINI);
        }
        clock.advance(COOL_DOWN.plusSeconds(1));
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(executor.submit((Callable<Boolean>) () -> breakers.isCallPermitted(Provider.GEMINI)));
            }
            int permitted = 0;
            for (Future<Boolean> answer : answers) {
                permitted += answer.get() ? 1 : 0;
            }
            assertThat(permitted).isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
        clock.advance(COOL_DOWN.plusSeconds(1));
        assertThat(breakers.isCallPermitted(Provider.GEMINI)).as("a trial that never reported back is handed on").isTrue();
    }

    private static void reset() {
        for (Provider provider : Provider.values()) {
            breakers.recordSuccess(provider);
        }
    }
}
