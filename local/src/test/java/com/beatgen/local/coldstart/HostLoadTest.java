package com.beatgen.local.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.local.coldstart.HostLoad.CpuTimes;
import com.beatgen.local.emulator.LambdaEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLoadTest {

    @Test
    void theStolenShareIsStealsTicksOverAllTicksBetweenTwoReadings(@TempDir Path dir) throws Exception {
        // user nice system idle iowait irq softirq steal guest guest_nice: steal 136136, all of user … steal 11,272,057
        Path stat = Files.writeString(dir.resolve("stat"), """
                cpu  3561376 8204 462210 6917563 127586 0 58982 136136 0 0
                cpu0 1542433 4206 181693 3790195 31709 0 22212 64866 0 0
                intr 1 2 3
                """);
        CpuTimes before = HostLoad.cpuTimes(stat).orElseThrow();
        assertThat(before).isEqualTo(new CpuTimes(11_272_057, 136_136));

        CpuTimes after = HostLoad.parse("cpu  3561426 8204 462260 6917613 127586 0 58982 136186 7 0");
        assertThat(after.stealPercentSince(before)).isEqualTo(25.0); // 50 of 200 ticks
        assertThat(before.stealPercentSince(before)).isZero();
    }

    @Test
    void anotherLineIsRefusedAndAMachineWithoutProcStatHasNoReading(@TempDir Path dir) {
        assertThatThrownBy(() -> HostLoad.parse("cpu0 1 2 3 4 5 6 7 8")).hasMessageContaining("cpu0 1 2");
        assertThatThrownBy(() -> HostLoad.parse("cpu 1 2 3")).isInstanceOf(IllegalArgumentException.class);
        assertThat(HostLoad.cpuTimes(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void theLoopRunsInAJvmOfItsOwnAndReportsItsTime() {
        long start = System.nanoTime();
        long loop = HostLoad.loopMillis(LambdaEmulator.currentJava()).orElseThrow();
        long wall = (System.nanoTime() - start) / 1_000_000;
        assertThat(loop).isPositive().isLessThanOrEqualTo(wall);
        assertThat(HostLoad.loopMillis(Path.of("/nonexistent/java"))).isEmpty();
    }
}
