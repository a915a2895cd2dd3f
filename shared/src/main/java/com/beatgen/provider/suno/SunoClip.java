package com.beatgen.provider.suno;

/** One of the two clips a Suno task produces. */
public record SunoClip(String id, String audioUrl, String title, String tags, Double durationSeconds, String imageUrl) {
}
