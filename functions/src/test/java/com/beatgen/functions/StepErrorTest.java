package com.beatgen.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.beatgen.Json;
import com.beatgen.db.DatabaseUnavailableException;
import com.beatgen.keys.NoKeyAvailableException;
import com.beatgen.pipeline.PipelineException;
import com.beatgen.provider.InvalidResponseException;
import com.beatgen.provider.KeyRateLimitedException;
import com.beatgen.provider.Provider;
import com.beatgen.provider.TransientProviderException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StepErrorTest {

    @Test
    void failuresLeaveAsClassesNamedLikeTheStateMachineErrors() {
        assertEquals("Provider.Transient", StepError.of(new TransientProviderException(Provider.SUNO, 500, "x")).getClass().getName());
        assertEquals("Provider.InvalidResponse", StepError.of(new InvalidResponseException(Provider.GEMINI, "x")).getClass().getName());
        assertEquals("Provider.RateLimited", StepError.of(new KeyRateLimitedException(Provider.SUNO, 430, "x")).getClass().getName());
        assertEquals("Suno.NoKeyAvailable", StepError.of(new NoKeyAvailableException("x")).getClass().getName());
        assertEquals("Suno.Timeout", StepError.of(new PipelineException("Suno.Timeout", "x")).getClass().getName());
        assertEquals("Database.Unavailable", StepError.of(new IllegalStateException("wrapped",
                new SQLTransientConnectionException("gone"))).getClass().getName());
        assertEquals("Database.Unavailable", StepError.of(new DatabaseUnavailableException("down", null)).getClass().getName());
        assertEquals("Pipeline.Unexpected", StepError.of(new IllegalArgumentException("bug")).getClass().getName());
        RuntimeException unknownName = StepError.of(new PipelineException("Nope.Missing", "x"));
        assertInstanceOf(Pipeline.Unexpected.class, unknownName);
        StepError already = new Suno.Timeout("x", null);
        assertSame(already, StepError.of(already));
    }

    @Test
    void everyErrorTheStateMachineMatchesHasItsClass() throws Exception {
        JsonNode asl = Json.MAPPER.readTree(Path.of("..", "statemachine", "beat-generation.asl.json").toFile());
        Set<String> names = new TreeSet<>();
        asl.get("States").forEach(state -> {
            state.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(n -> names.add(n.asText())));
            state.path("Catch").forEach(c -> c.path("ErrorEquals").forEach(n -> names.add(n.asText())));
            if (state.has("Parameters") && state.get("Parameters").has("Error")) {
                names.add(state.get("Parameters").get("Error").asText());
            }
        });
        names.removeIf(n -> n.startsWith("States.") || n.startsWith("Lambda."));
        assertFalse(names.isEmpty());
        for (String name : names) {
            Class<?> type = Class.forName(name);
            assertEquals(StepError.class, type.getSuperclass(), name);
        }
    }
}
