package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import java.util.function.Supplier;

/** GET /api/stats. */
public final class StatsApiHandler extends ApiHandler {

    public StatsApiHandler() {
        super();
    }

    public StatsApiHandler(Supplier<ApiService> service) {
        super(service);
    }
}
