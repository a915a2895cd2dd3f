package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import java.util.function.Supplier;

/** GET /api/beats and GET /api/beats/{id}. */
public final class BeatsApiHandler extends ApiHandler {

    public BeatsApiHandler() {
        super();
    }

    public BeatsApiHandler(Supplier<ApiService> service) {
        super(service);
    }
}
