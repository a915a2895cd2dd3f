package com.beatgen.functions.api;

/** GET /api/stats. */
public final class StatsApiHandler extends ApiHandler {
}
