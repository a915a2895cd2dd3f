package com.beatgen.local;

import com.beatgen.api.ApiRequest;
import com.beatgen.api.ApiResponse;
import com.beatgen.config.Env;
import com.beatgen.wiring.Components;

/**
 * The first request of a scenario in a fresh process, for {@code ./beatgen bench api}, as a SnapStart-restored Lambda
 * environment serves it: the JVM first runs the function's SnapStart priming ({@code ApiService.prime}: its own
 * operations on a real connection), closes everything as before the snapshot, then builds the function again (a new
 * pool, nothing cached) and serves the scenario once. Prints both times in ms. Arguments: function, path with query,
 * admin token.
 */
final class BenchApiFirstRequest {

    private BenchApiFirstRequest() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        try (Components snapshot = ServeCommand.components(Env.system())) {
            snapshot.api(args[0]).prime();
        }
        long primed = System.nanoTime();
        try (Components restored = ServeCommand.components(Env.system())) {
            check(restored.api(args[0]).handle(ApiRequest.of("GET", args[1], "192.0.2.200")
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
