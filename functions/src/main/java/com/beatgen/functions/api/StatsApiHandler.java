package com.beatgen.functions.api;

import com.beatgen.api.ApiWiring;
import java.util.function.Supplier;

/** GET /api/stats. */
public final class StatsApiHandler extends ApiHandler {

    public static final String FUNCTION = "StatsApiFunction";

    public StatsApiHandler() {
        super(FUNCTION);
    }

    public StatsApiHandler(Supplier<ApiWiring> wiring) {
        super(FUNCTION, wiring);
    }
}
