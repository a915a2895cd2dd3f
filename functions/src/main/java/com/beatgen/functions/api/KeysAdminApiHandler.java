package com.beatgen.functions.api;

/** The admin key routes (IAM-authorized): POST and GET /api/keys, PATCH /api/keys/{id}, POST /api/keys/{id}/refresh. */
public final class KeysAdminApiHandler extends ApiHandler {
}
