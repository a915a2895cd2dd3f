package com.beatgen.local.stack;

import com.beatgen.pipeline.ExecutionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The local runner's executions, as Step Functions' DescribeExecution would tell them: a marker per running
 * execution under {@code BEATGEN_HOME/executions}, naming the process that runs it. An execution has ended when its
 * marker is gone or its process is (a {@code kill -9} of {@code ./beatgen up} or {@code run} leaves a marker of a dead
 * process), so the next StartRun fails its job at once. Other processes on the same home keep their executions.
 */
final class LocalExecutions implements ExecutionStatus {

    private final Path directory;

    LocalExecutions(Path home) {
        this.directory = home.resolve("executions");
    }

    /** Runs an execution with its marker in place for as long as it runs. */
    <T> T running(String executionName, Supplier<T> execution) {
        Path marker = directory.resolve(executionName);
        try {
            Files.createDirectories(directory);
            Files.writeString(marker, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return execution.get();
        } finally {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException ignored) {
                // a marker left behind names this process: once it is gone the execution counts as ended
            }
        }
    }

    @Override
    public boolean ended(String executionId) {
        String name = executionId.substring(executionId.lastIndexOf(':') + 1);
        if (name.isEmpty() || name.contains("/") || name.contains("..")) {
            return false;
        }
        Path marker = directory.resolve(name);
        try {
            long pid = Long.parseLong(Files.readString(marker).strip());
            return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException | NumberFormatException e) {
            return false; // cannot tell: the hour-long abandonment still applies
        }
    }
}
