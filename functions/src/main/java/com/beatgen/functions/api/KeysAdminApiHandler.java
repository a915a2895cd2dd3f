package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import java.util.function.Supplier;

/** The admin key routes (IAM-authorized): POST and GET /api/keys, PATCH /api/keys/{id}, POST /api/keys/{id}/refresh. */
public final class KeysAdminApiHandler extends ApiHandler {

    public KeysAdminApiHandler() {
        super();
    }

    public KeysAdminApiHandler(Supplier<ApiService> service) {
        super(service);
    }
}
