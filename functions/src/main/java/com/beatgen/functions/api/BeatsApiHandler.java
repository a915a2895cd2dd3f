package com.beatgen.functions.api;

import com.beatgen.api.ApiWiring;
import java.util.function.Supplier;

/** GET /api/beats and GET /api/beats/{id}. */
public final class BeatsApiHandler extends ApiHandler {

    public static final String FUNCTION = "BeatsApiFunction";

    public BeatsApiHandler() {
        super(FUNCTION);
    }

    public BeatsApiHandler(Supplier<ApiWiring> wiring) {
        super(FUNCTION, wiring);
    }
}
