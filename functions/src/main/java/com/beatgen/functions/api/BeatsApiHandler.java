package com.beatgen.functions.api;

/** GET /api/beats and GET /api/beats/{id}. */
public final class BeatsApiHandler extends ApiHandler {
}
