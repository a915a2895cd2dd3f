package com.beatgen.local.up;

import com.beatgen.local.asl.LocalStateMachine;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.api.BeatReader;
import com.beatgen.pipeline.FailureService;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the schedule starts: one execution of the real state machine per firing, with the schedule event as input,
 * as the EventBridge rule does. Whether it generates or skips (a job still processing, no key with credits …) is
 * StartRun's decision, as in AWS; only when {@value #MAX_IN_FLIGHT} executions are already running does the local
 * schedule itself hold one back (a 1-second demo interval must not pile up Node processes).
 */
public final class ScheduledRuns {

    static final int MAX_IN_FLIGHT = 2;
    /** Schedules at least this long keep StartRun's one-run-per-15-minute-slot guard; shorter ones are demos. */
    static final Duration SLOT = Duration.ofMinutes(15);

    private final LocalStack stack;
    private final UpLog log;
    private final boolean slotted;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();

    public ScheduledRuns(LocalStack stack, UpLog log, Duration interval) {
        this.stack = stack;
        this.log = log;
        this.slotted = interval.compareTo(SLOT) >= 0;
    }

    /** One firing of the schedule, due at {@code due}; returns when its execution has ended. */
    public void fire(Instant due) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            log.line("run", "skipped: " + MAX_IN_FLIGHT + " executions are still running (local schedule limit)");
            return;
        }
        long start = System.nanoTime();
        try {
            LocalStateMachine.Execution execution = stack.runScheduled(due, slotted, this::started);
            log.line("run", ended(execution, Duration.ofNanos(System.nanoTime() - start)));
        } catch (RuntimeException e) {
            log.line("run", "could not be executed: " + e.getMessage());
        } finally {
            inFlight.decrementAndGet();
            finished.incrementAndGet();
        }
    }

    /** Executions that have ended (any outcome). */
    public int finished() {
        return finished.get();
    }

    private void started(LocalStateMachine.HistoryEvent event) {
        if ("StateExited".equals(event.type()) && "StartRun".equals(event.stateName())
                && event.output() instanceof Map<?, ?> output && output.get("run") instanceof Map<?, ?> run
                && Boolean.FALSE.equals(run.get("skipped"))) {
            log.line("run", "started: template " + run.get("templateId") + " (job " + run.get("jobId") + ")");
        }
    }

    private String ended(LocalStateMachine.Execution execution, Duration took) {
        String seconds = String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
        if (!execution.succeeded()) {
            String cause = FailureService.readable(execution.cause());
            return "failed: " + execution.error() + (cause.isBlank() ? "" : " (" + abbreviate(cause) + ")") + " after " + seconds;
        }
        Map<?, ?> output = execution.output() instanceof Map<?, ?> map ? map : Map.of();
        if (output.get("beatId") != null) {
            Map<String, Object> beat = new BeatReader(stack.database().jdbi()).find(output.get("beatId").toString()).orElse(Map.of());
            return "finished: beat \"" + beat.getOrDefault("name", output.get("beatId")) + "\" (template "
                    + beat.get("templateId") + ") in " + seconds;
        }
        Object reason = output.get("run") instanceof Map<?, ?> run ? run.get("reason") : output;
        return "skipped: " + reason;
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 160 ? line : line.substring(0, 157) + "…";
    }
}
