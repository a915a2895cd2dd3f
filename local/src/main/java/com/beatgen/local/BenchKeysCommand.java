package com.beatgen.local;

import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.LeasedKey;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.provider.Redactor;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keys", description = {
        "Benchmark the Suno key pool: K funded keys, S concurrent selectors, N selections on a real database.",
        "Prints the selection latency (median, p99) and checks round-robin: between two selections of one key, every",
        "other key is selected once (no key twice within a round of K selections, in ticket order)."})
final class BenchKeysCommand extends LocalCommand {

    @Option(names = "--keys", defaultValue = "50", description = "keys in the pool (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--selectors", defaultValue = "8", description = "concurrent selectors (default: ${DEFAULT-VALUE})")
    int selectors;

    @Option(names = "--selections", defaultValue = "10000", description = "selections in total (default: ${DEFAULT-VALUE})")
    int selections;

    BenchKeysCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    private record Pick(String keyId, long ticketOrder, long nanos) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LocalDatabase local = databases.openFresh();
             Database database = Database.connect(local.config().withPoolSize(selectors + 2))) {
            database.migrate();
            SunoKeyPool pool = new SunoKeyPool(database.jdbi(), KeyCipher.fromBase64(KeyCipher.newDataKey()), Redactor.none(),
                    new ExecutionLog(database.jdbi(), Clock.systemUTC()), Clock.systemUTC(), 12);
            for (int i = 0; i < keys; i++) {
                pool.refreshCredits(pool.add("bench-" + i, "bench-suno-key-" + i + "-padding").id(), 1_000_000);
            }
            for (int i = 0; i < keys; i++) {
                pool.select(); // warm-up round: every key gets a ticket
            }
            List<Pick> picks = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger remaining = new AtomicInteger(selections);
            ExecutorService executor = Executors.newFixedThreadPool(selectors);
            long start = System.nanoTime();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int s = 0; s < selectors; s++) {
                    futures.add(executor.submit(() -> {
                        while (remaining.getAndDecrement() > 0) {
                            long t0 = System.nanoTime();
                            LeasedKey key = pool.select();
                            picks.add(new Pick(key.id(), key.ticket(), System.nanoTime() - t0));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                executor.shutdownNow();
            }
            long wallMillis = (System.nanoTime() - start) / 1_000_000;
            int violations = roundViolations(picks, keys);
            List<Long> nanos = picks.stream().map(Pick::nanos).sorted().toList();
            out.printf("Key pool benchmark: %d keys, %d concurrent selectors, %d selections (%s)%n", keys, selectors, selections,
                    local.description());
            out.printf("Java %s, %d CPUs%n%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            out.printf("wall time            %,8d ms (%,.0f selections/s)%n", wallMillis, selections * 1000.0 / Math.max(1, wallMillis));
            out.printf("selection median     %8.2f ms%n", percentile(nanos, 50) / 1e6);
            out.printf("selection p99        %8.2f ms%n", percentile(nanos, 99) / 1e6);
            out.printf("selection max        %8.2f ms%n", nanos.get(nanos.size() - 1) / 1e6);
            out.printf("keys used            %8d of %d%n", picks.stream().map(Pick::keyId).distinct().count(), keys);
            out.printf("rounds checked       %8d (blocks of %d selections in ticket order)%n", selections / keys, keys);
            out.printf("rounds with a repeat %8d%n", violations);
            out.flush();
            return violations == 0 ? 0 : 1;
        }
    }

    /** Rounds (blocks of {@code keys} consecutive selections in ticket order) in which some key was handed out twice. */
    private static int roundViolations(List<Pick> picks, int keys) {
        List<Pick> ordered;
        synchronized (picks) {
            ordered = picks.stream().sorted(java.util.Comparator.comparingLong(Pick::ticketOrder)).toList();
        }
        int violations = 0;
        for (int from = 0; from + keys <= ordered.size(); from += keys) {
            long distinct = ordered.subList(from, from + keys).stream().map(Pick::keyId).distinct().count();
            if (distinct < keys) {
                violations++;
            }
        }
        return violations;
    }

    private static double percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
