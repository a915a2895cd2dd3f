package com.beatgen.functions.api;

/** GET /api/templates. */
public final class TemplatesApiHandler extends ApiHandler {
}
