package com.beatgen.local;

import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.config.Env;
import com.beatgen.wiring.Components;

/**
 * The first request of a scenario in a fresh process, for {@code ./beatgen bench api}: as in a new Lambda environment,
 * nothing is cached. The JVM first serves one {@code GET /api/health} (connecting the pool and loading the code every
 * request runs: what SnapStart priming and the first request pay), then the scenario once. Prints both times in ms.
 * Arguments: function, path with query, admin token.
 */
final class BenchApiFirstRequest {

    private BenchApiFirstRequest() {
    }

    public static void main(String[] args) throws Exception {
        try (Components components = ServeCommand.components(Env.system())) {
            long start = System.nanoTime();
            check(components.api("HealthApiFunction").handle(ApiRequest.of("GET", "/api/health", "192.0.2.201")));
            long primed = System.nanoTime();
            check(components.api(args[0]).handle(ApiRequest.of("GET", args[1], "192.0.2.200")
                    .withHeader("Authorization", "Bearer " + args[2])));
            long done = System.nanoTime();
            System.out.printf(java.util.Locale.ROOT, "%.1f %.1f%n", (primed - start) / 1e6, (done - primed) / 1e6);
        }
    }

    private static void check(ApiResponse response) {
        if (response.status() != 200) {
            System.err.println(response.status() + " " + response.body());
            System.exit(1);
        }
    }
}
