package com.beatgen.functions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class ContainerTest {

    @Test
    void primingRunsWithoutNetworkOrDatabase() {
        assertDoesNotThrow(Priming::steps);
    }
}
