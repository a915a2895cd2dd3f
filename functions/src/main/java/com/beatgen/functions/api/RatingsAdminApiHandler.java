package com.beatgen.functions.api;

import com.beatgen.api.ApiWiring;
import java.util.function.Supplier;

/** The judging route (IAM-authorized like the key routes): PUT /api/beats/{id}/ratings/{take}. */
public final class RatingsAdminApiHandler extends ApiHandler {

    public static final String FUNCTION = "RatingsAdminApiFunction";

    public RatingsAdminApiHandler() {
        super(FUNCTION);
    }

    public RatingsAdminApiHandler(Supplier<ApiWiring> wiring) {
        super(FUNCTION, wiring);
    }
}
