package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import java.util.function.Supplier;

/** GET /api/templates. */
public final class TemplatesApiHandler extends ApiHandler {

    public TemplatesApiHandler() {
        super();
    }

    public TemplatesApiHandler(Supplier<ApiService> service) {
        super(service);
    }
}
