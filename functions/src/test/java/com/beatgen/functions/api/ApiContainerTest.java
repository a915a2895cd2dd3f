package com.beatgen.functions.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class ApiContainerTest {

    @Test
    void primingRunsWithoutNetworkOrDatabase() {
        assertDoesNotThrow(ApiContainer::prime);
    }
}
