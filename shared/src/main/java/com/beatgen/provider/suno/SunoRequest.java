package com.beatgen.provider.suno;

/**
 * One instrumental generation in custom mode: Suno uses {@code style} and {@code title}; no lyrics. Suno posts its
 * callbacks for the task to {@code callbackUrl} (required by the service).
 */
public record SunoRequest(String style, String title, String callbackUrl) {
}
