package com.beatgen;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test fixture that a test class holds in a {@code @RegisterExtension static final} field: created with the class,
 * closed after its last test.
 */
public interface ClosedAfterAll extends AutoCloseable, AfterAllCallback {

    @Override
    default void afterAll(ExtensionContext context) throws Exception {
        close();
    }
}
