package com.beatgen.functions.api;

import com.beatgen.api.ApiWiring;
import java.util.function.Supplier;

/** GET /api/jobs. */
public final class JobsApiHandler extends ApiHandler {

    public static final String FUNCTION = "JobsApiFunction";

    public JobsApiHandler() {
        super(FUNCTION);
    }

    public JobsApiHandler(Supplier<ApiWiring> wiring) {
        super(FUNCTION, wiring);
    }
}
