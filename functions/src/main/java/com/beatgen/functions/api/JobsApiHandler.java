package com.beatgen.functions.api;

/** GET /api/jobs. */
public final class JobsApiHandler extends ApiHandler {
}
