package com.beatgen.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.pipeline.PipelineException;
import com.beatgen.pipeline.StartRunService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The task handlers' wire format: JSON in, JSON out with every key, nulls included (the Java runtime's own serializer
 * would drop them, and the state machine's {@code $.Payload.reason} would then fail with States.Runtime).
 */
class StepHandlerStreamTest {

    /** A task whose answer has a null, as StartRun's {@code reason} when it starts a run. */
    private static final class Echo extends StepHandler<Void> {
        Echo() {
            super(() -> null);
        }

        @Override
        protected Object handle(StepInput input, Void none) {
            if (input.optional("jobId").equals("fail")) {
                throw new PipelineException("Catalog.NoEligibleTemplate", "no template");
            }
            return new StartRunService.Decision(false, null, input.optional("jobId"), "t-1", "beat-20261201T1900Z");
        }
    }

    @Test
    void theAnswerKeepsItsNullValues() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Echo().handleRequest(new ByteArrayInputStream("{\"jobId\":\"j-1\"}".getBytes(StandardCharsets.UTF_8)), out, null);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"skipped\":false,\"reason\":null,\"jobId\":\"j-1\",\"templateId\":\"t-1\",\"slot\":\"beat-20261201T1900Z\"}");
        assertThat(new Echo().invoke(Map.of("jobId", "j-2"), null)).containsEntry("reason", null).containsEntry("jobId", "j-2");
    }

    @Test
    void aFailureLeavesAsTheStateMachinesErrorName() {
        assertThatThrownBy(() -> new Echo().invoke(Map.of("jobId", "fail"), null))
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Catalog.NoEligibleTemplate"));
    }
}
