package com.beatgen.local;

import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.api.ApiService;
import com.beatgen.api.ApiWiring;
import com.beatgen.config.Env;

/**
 * The first request of a fresh process, for {@code ./beatgen bench api}: as in a new Lambda environment, the wiring
 * connects on first use and nothing is cached. Prints two numbers in ms: connect + first request, and the first
 * request alone (its service already wired). Arguments: function, path with query, admin token.
 */
final class BenchApiFirstRequest {

    private BenchApiFirstRequest() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        try (ApiWiring wiring = ApiWiring.fromEnv(Env.system())) {
            ApiService service = wiring.service(args[0]);
            long wired = System.nanoTime();
            ApiResponse response = service.handle(ApiRequest.of("GET", args[1], "192.0.2.200")
                    .withHeader("Authorization", "Bearer " + args[2]));
            long done = System.nanoTime();
            if (response.status() != 200) {
                System.err.println(response.status() + " " + response.body());
                System.exit(1);
            }
            System.out.printf(java.util.Locale.ROOT, "%.1f %.1f%n", (done - start) / 1e6, (done - wired) / 1e6);
        }
    }
}
