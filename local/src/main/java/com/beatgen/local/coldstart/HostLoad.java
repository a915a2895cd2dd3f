package com.beatgen.local.coldstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * How much of its machine a benchmark run had. Issue 19's targets are for an idle 2-CPU machine, and a shared virtual
 * machine's speed changes with its neighbours, whom our own processes cannot see. Two signals, taken around a run:
 * <ul>
 * <li>the CPU time the hypervisor gave to others while our virtual CPUs wanted it ("steal", the eighth number of
 *     {@code /proc/stat}'s {@code cpu} line), as a share of all CPU time;</li>
 * <li>the time a fixed loop takes in an interpreter-only JVM of its own ({@link #main}): a cold start is mostly
 *     interpreted code and class loading, which slows with the host's caches and clock even when nothing is stolen.</li>
 * </ul>
 */
public final class HostLoad {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final int LOOP = 30_000_000;

    private HostLoad() {
    }

    /** The machine's CPU time since boot, in ticks: all of it, and the part stolen by the hypervisor. */
    public record CpuTimes(long total, long steal) {

        /** The share of the CPUs' time stolen between {@code before} and this, in per cent (0 when no time passed). */
        public double stealPercentSince(CpuTimes before) {
            long total = this.total - before.total;
            return total <= 0 ? 0 : 100.0 * (steal - before.steal) / total;
        }
    }

    /** {@code /proc/stat}'s first line ({@code cpu user nice system idle iowait irq softirq steal …}). */
    static CpuTimes parse(String cpuLine) {
        String[] fields = cpuLine.strip().split("\\s+");
        if (!"cpu".equals(fields[0]) || fields.length < 9) {
            throw new IllegalArgumentException("Not /proc/stat's cpu line: " + cpuLine);
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) { // user … steal; guest time is counted in user already
            total += Long.parseLong(fields[i]);
        }
        return new CpuTimes(total, Long.parseLong(fields[8]));
    }

    /** The CPU times now; empty where {@code /proc/stat} is not (not Linux). */
    public static Optional<CpuTimes> cpuTimes() {
        return cpuTimes(PROC_STAT);
    }

    static Optional<CpuTimes> cpuTimes(Path procStat) {
        try (var lines = Files.lines(procStat)) {
            return lines.findFirst().map(HostLoad::parse);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Milliseconds of {@link #main}'s loop in a new interpreter-only JVM; empty if it could not run. */
    public static OptionalLong loopMillis(Path java) {
        try {
            Process process = new ProcessBuilder(List.of(java.toString(), "-Xint", "-Xshare:auto", "-cp",
                    System.getProperty("java.class.path"), HostLoad.class.getName())).redirectErrorStream(true).start();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(printed));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /**
     * The loop, interpreted (nothing of it is optimised away), three times: prints the fastest round in milliseconds,
     * the JVM's start left out (a moment's interruption is not the host's speed).
     */
    public static void main(String[] args) {
        long fastest = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            long x = 0;
            for (int i = 0; i < LOOP; i++) {
                x += i ^ (x >>> 3);
            }
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        System.out.println(fastest / 1_000_000);
    }
}
