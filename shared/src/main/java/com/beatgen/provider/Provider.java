package com.beatgen.provider;

/** The external AI providers. */
public enum Provider {
    GEMINI, OPENAI, SUNO
}
