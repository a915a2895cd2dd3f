package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import java.util.function.Supplier;

/** GET /api/prompts. */
public final class PromptsApiHandler extends ApiHandler {

    public PromptsApiHandler() {
        super();
    }

    public PromptsApiHandler(Supplier<ApiService> service) {
        super(service);
    }
}
