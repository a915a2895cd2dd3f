package com.beatgen.functions.api;

/** The judging route (IAM-authorized like the key routes): PUT /api/beats/{id}/ratings/{take}. */
public final class RatingsAdminApiHandler extends ApiHandler {
}
