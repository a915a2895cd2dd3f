package com.beatgen.functions.api;

import com.beatgen.api.ApiWiring;
import java.util.function.Supplier;

/** The admin key routes (IAM-authorized): POST and GET /api/keys, PATCH /api/keys/{id}, POST /api/keys/{id}/refresh. */
public final class KeysAdminApiHandler extends ApiHandler {

    public static final String FUNCTION = "KeysAdminApiFunction";

    public KeysAdminApiHandler() {
        super(FUNCTION);
    }

    public KeysAdminApiHandler(Supplier<ApiWiring> wiring) {
        super(FUNCTION, wiring);
    }
}
