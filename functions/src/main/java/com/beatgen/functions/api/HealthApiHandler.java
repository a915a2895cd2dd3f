package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import java.util.function.Supplier;

/** GET /api/health. */
public final class HealthApiHandler extends ApiHandler {

    public HealthApiHandler() {
        super();
    }

    public HealthApiHandler(Supplier<ApiService> service) {
        super(service);
    }
}
