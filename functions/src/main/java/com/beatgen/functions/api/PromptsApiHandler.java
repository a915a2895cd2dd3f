package com.beatgen.functions.api;

import com.beatgen.api.ApiWiring;
import java.util.function.Supplier;

/** GET /api/prompts. */
public final class PromptsApiHandler extends ApiHandler {

    public static final String FUNCTION = "PromptsApiFunction";

    public PromptsApiHandler() {
        super(FUNCTION);
    }

    public PromptsApiHandler(Supplier<ApiWiring> wiring) {
        super(FUNCTION, wiring);
    }
}
