package com.beatgen.functions.api;

import com.beatgen.api.ApiWiring;
import java.util.function.Supplier;

/** GET /api/health. */
public final class HealthApiHandler extends ApiHandler {

    public static final String FUNCTION = "HealthApiFunction";

    public HealthApiHandler() {
        super(FUNCTION);
    }

    public HealthApiHandler(Supplier<ApiWiring> wiring) {
        super(FUNCTION, wiring);
    }
}
