package com.beatgen.functions.api;

import com.beatgen.api.ApiWiring;
import java.util.function.Supplier;

/** GET /api/templates. */
public final class TemplatesApiHandler extends ApiHandler {

    public static final String FUNCTION = "TemplatesApiFunction";

    public TemplatesApiHandler() {
        super(FUNCTION);
    }

    public TemplatesApiHandler(Supplier<ApiWiring> wiring) {
        super(FUNCTION, wiring);
    }
}
