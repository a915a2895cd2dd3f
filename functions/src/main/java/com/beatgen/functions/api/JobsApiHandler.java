package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import java.util.function.Supplier;

/** GET /api/jobs. */
public final class JobsApiHandler extends ApiHandler {

    public JobsApiHandler() {
        super();
    }

    public JobsApiHandler(Supplier<ApiService> service) {
        super(service);
    }
}
