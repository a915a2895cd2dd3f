package com.beatgen.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runner's answer to "has this execution ended?": what lets StartRun fail a killed run's job at once. */
class LocalExecutionsTest {

    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:beat-generation:";

    @Test
    void anExecutionRunsWhileItsProcessLivesAndHasEndedOnceItsMarkerOrProcessIsGone(@TempDir Path home) throws Exception {
        LocalExecutions executions = new LocalExecutions(home);
        AtomicBoolean seenRunning = new AtomicBoolean();
        executions.running("run-1", () -> {
            seenRunning.set(!executions.ended(ARN + "run-1"));
            return null;
        });
        assertThat(seenRunning).as("running in this process").isTrue();
        assertThat(executions.ended(ARN + "run-1")).as("finished: its marker is gone").isTrue();
        assertThat(executions.ended(ARN + "never-started")).isTrue();

        Process killed = new ProcessBuilder("true").start();
        killed.waitFor();
        Files.writeString(home.resolve("executions").resolve("run-2"), Long.toString(killed.pid()));
        assertThat(executions.ended(ARN + "run-2")).as("a marker left by a killed process").isTrue();

        Files.writeString(home.resolve("executions").resolve("run-3"), Long.toString(ProcessHandle.current().pid()));
        assertThat(executions.ended(ARN + "run-3")).as("another execution of a live process").isFalse();
        Files.writeString(home.resolve("executions").resolve("run-4"), "garbage");
        assertThat(executions.ended(ARN + "run-4")).as("cannot tell: not ended").isFalse();
    }
}
