package com.beatgen.functions;

import java.util.Map;

/** Typed reads of a task's payload. */
public record StepInput(Map<String, Object> values) {

    public String jobId() {
        return string("jobId");
    }

    public String string(String name) {
        Object value = values == null ? null : values.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new com.beatgen.pipeline.PipelineException("Pipeline.Unexpected", "The task input has no " + name);
        }
        return value.toString();
    }

    public String optional(String name) {
        Object value = values == null ? null : values.get(name);
        return value == null ? "" : value.toString();
    }

    /** A nested object of the payload (an empty one when absent). */
    @SuppressWarnings("unchecked")
    public StepInput object(String name) {
        Object value = values == null ? null : values.get(name);
        return new StepInput(value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
    }

    public boolean flag(String name) {
        Object value = values == null ? null : values.get(name);
        return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
    }
}
