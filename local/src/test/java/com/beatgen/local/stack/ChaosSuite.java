package com.beatgen.local.stack;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class of fault-injection scenarios: one {@link ChaosStack} serves all of them (so its history accumulates and
 * {@link ChaosStack#assertConsistent()} holds all of it), reset before each. A subclass's own {@code @BeforeAll} runs
 * after the stack has started, its {@code @AfterAll} before the stack stops.
 */
@Tag("chaos")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChaosSuite {

    @TempDir
    static Path home;
    ChaosStack chaos;

    /** How long after creating a task the stub completes it and calls the stack back, as Suno does; null: never. */
    Duration callbacks() {
        return null;
    }

    @BeforeAll
    void startStack() {
        chaos = ChaosStack.start(home, callbacks());
    }

    @AfterAll
    void stopStack() {
        chaos.close();
    }

    @BeforeEach
    void resetStack() {
        chaos.reset();
    }
}
