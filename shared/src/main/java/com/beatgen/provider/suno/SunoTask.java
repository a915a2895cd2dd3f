package com.beatgen.provider.suno;

import java.util.List;

/** A generation task as record-info reports it. */
public record SunoTask(String taskId, Status status, String providerStatus, List<SunoClip> clips, String errorMessage) {

    public enum Status {
        /** PENDING, TEXT_SUCCESS, FIRST_SUCCESS — or SUCCESS without downloadable audio yet. */
        IN_PROGRESS,
        /** SUCCESS and every clip has an audio URL. */
        COMPLETE,
        /** CREATE_TASK_FAILED, GENERATE_AUDIO_FAILED, CALLBACK_EXCEPTION, SENSITIVE_WORD_ERROR. */
        FAILED
    }

    public SunoTask {
        clips = List.copyOf(clips);
    }
}
