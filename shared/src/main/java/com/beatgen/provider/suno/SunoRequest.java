package com.beatgen.provider.suno;

/** One instrumental generation in custom mode: Suno uses {@code style} and {@code title}; no lyrics. */
public record SunoRequest(String style, String title) {
}
