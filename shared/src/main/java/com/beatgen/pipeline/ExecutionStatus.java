package com.beatgen.pipeline;

/**
 * Whether a state machine execution has ended: a job still {@code processing} whose execution ended (killed, aborted,
 * timed out before RecordFailure ran) is failed by the next StartRun at once instead of blocking the schedule for an
 * hour.
 */
@FunctionalInterface
public interface ExecutionStatus {

    /** Sees no execution: jobs are only abandoned after {@link StartRunService#ABANDONED_AFTER}. */
    ExecutionStatus UNKNOWN = executionId -> false;

    /** True only when the execution is known to have ended; false when it runs or cannot be told. */
    boolean ended(String executionId);
}
