package com.beatgen.provider.suno;

/** An accepted generation: the task to poll and the key that must be used to poll it. */
public record SunoSubmission(String taskId, String keyId) {
}
