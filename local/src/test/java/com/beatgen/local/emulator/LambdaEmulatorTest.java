package com.beatgen.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LambdaEmulatorTest {

    @Test
    void aJavaExecutableIsDescribedByItsOwnRuntimeNotByTheBenchmarksJvm() {
        assertThat(LambdaEmulator.describe(LambdaEmulator.currentJava()))
                .contains("Runtime Environment", System.getProperty("java.runtime.version"));
        assertThat(LambdaEmulator.describe(Path.of("/nonexistent/bin/java"))).startsWith("/nonexistent/bin/java (");
    }
}
