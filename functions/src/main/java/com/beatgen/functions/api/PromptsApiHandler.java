package com.beatgen.functions.api;

/** GET /api/prompts. */
public final class PromptsApiHandler extends ApiHandler {
}
