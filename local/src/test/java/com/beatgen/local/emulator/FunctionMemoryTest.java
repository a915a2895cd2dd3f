package com.beatgen.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FunctionMemoryTest {

    private static final FunctionMemory TEMPLATE = FunctionMemory.read(Path.of("..", "infrastructure", "template.yaml"));

    @Test
    void aFunctionHasItsOwnMemoryElseTheGlobalOneByLogicalIdAndByHandler() {
        assertThat(TEMPLATE.global()).isEqualTo(1024);
        assertThat(TEMPLATE.ofResource("PollMusicFunction")).isEqualTo(512);
        assertThat(TEMPLATE.ofHandler("com.beatgen.functions.PollMusicHandler")).isEqualTo(512);
        assertThat(TEMPLATE.ofHandler("com.beatgen.functions.CatalogSyncHandler::handleRequest")).isEqualTo(1536);
        assertThat(TEMPLATE.ofHandler("com.beatgen.functions.api.HealthApiHandler")).isEqualTo(1024);
        assertThat(TEMPLATE.ofResource("NoSuchFunction")).isEqualTo(1024);
    }

    @Test
    void theRuntimesFlagsGiveTheJvmTheFunctionsMemoryAndAHeapOf85PercentOfIt() {
        assertThat(LambdaEmulator.runtimeJvmFlags(512)).contains("-XX:MaxRAM=512m", "-XX:MaxHeapSize=435m", "-XX:TieredStopAtLevel=1");
    }
}
