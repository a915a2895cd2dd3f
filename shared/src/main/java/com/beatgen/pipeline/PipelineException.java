package com.beatgen.pipeline;

/**
 * A named failure of a pipeline step that is not a provider error: {@code Suno.GenerationFailed},
 * {@code Suno.Timeout}, {@code Audio.Invalid}, {@code Catalog.NoEligibleTemplate}, {@code Pipeline.JobNotFound} …
 */
public class PipelineException extends RuntimeException {

    private final String errorName;

    public PipelineException(String errorName, String message) {
        super(message);
        this.errorName = errorName;
    }

    public PipelineException(String errorName, String message, Throwable cause) {
        super(message, cause);
        this.errorName = errorName;
    }

    public String errorName() {
        return errorName;
    }
}
