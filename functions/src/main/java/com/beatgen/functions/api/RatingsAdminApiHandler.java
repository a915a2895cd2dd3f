package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import java.util.function.Supplier;

/** The judging route (IAM-authorized): PUT /api/beats/{id}/ratings/{take}. */
public final class RatingsAdminApiHandler extends ApiHandler {

    public RatingsAdminApiHandler() {
        super();
    }

    public RatingsAdminApiHandler(Supplier<ApiService> service) {
        super(service);
    }
}
