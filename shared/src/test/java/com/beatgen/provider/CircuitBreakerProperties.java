package com.beatgen.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.MutableClock;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.beatgen.provider.CircuitBreakers.State;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The breaker against a model of its state machine, on the real database. */
class CircuitBreakerProperties {

    private static final int THRESHOLD = 3;
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);
    private static Database database;
    private static MutableClock clock;
    private static CircuitBreakers breakers;

    @BeforeContainer
    static void start() {
        database = TestDatabase.fresh();
        clock = MutableClock.atNow();
        breakers = new CircuitBreakers(database.jdbi(), clock, THRESHOLD, COOL_DOWN);
    }

    @AfterContainer
    static void stop() {
        database.close();
    }

    enum Event { FAILURE, SUCCESS, WAIT_COOL_DOWN, ASK }

    @Property(tries = 200)
    @Label("breaker state transitions follow the model: closed → open at the threshold → half-open trial → closed or open")
    void followsTheModel(@ForAll("events") List<Event> events) {
        reset();
        State model = State.closed;
        int failures = 0;
        boolean trialDue = false;
        for (Event event : events) {
            switch (event) {
                case FAILURE -> {
                    breakers.recordFailure(Provider.SUNO);
                    failures++;
                    if (model == State.half_open || failures >= THRESHOLD) {
                        model = State.open;
                        trialDue = false;
                    }
                }
                case SUCCESS -> {
                    breakers.recordSuccess(Provider.SUNO);
                    model = State.closed;
                    failures = 0;
                }
                case WAIT_COOL_DOWN -> {
                    clock.advance(COOL_DOWN.plusMillis(1));
                    trialDue = model != State.closed;
                }
                case ASK -> {
                    boolean permitted = breakers.isCallPermitted(Provider.SUNO);
                    assertThat(permitted).as("after %s", events).isEqualTo(model == State.closed || trialDue);
                    if (model != State.closed && trialDue) {
                        model = State.half_open;
                        trialDue = false;
                    }
                }
            }
            assertThat(breakers.status(Provider.SUNO).state()).as("after %s", events).isEqualTo(model);
        }
    }

    @Provide
    Arbitrary<List<Event>> events() {
        return Arbitraries.of(Event.class).list().ofMaxSize(25);
    }

    private static void reset() {
        breakers.recordSuccess(Provider.SUNO);
    }
}
