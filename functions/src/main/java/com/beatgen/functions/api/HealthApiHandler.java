package com.beatgen.functions.api;

/** GET /api/health. */
public final class HealthApiHandler extends ApiHandler {
}
