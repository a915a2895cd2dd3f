package com.beatgen.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.MutableClock;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.db.TestDatabase;
import com.beatgen.provider.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Seed properties 1, 3, 4, 11 and 14 on the real database. */
class SunoKeyPoolProperties {

    private static final int COST = 12;
    private static Database database;
    private static MutableClock clock;
    private static SunoKeyPool pool;

    @BeforeContainer
    static void start() {
        database = TestDatabase.fresh();
        clock = MutableClock.atNow();
        pool = new SunoKeyPool(database.jdbi(), KeyCipher.fromBase64(KeyCipher.newDataKey()), Redactor.none(),
                new ExecutionLog(database.jdbi(), clock), clock, COST);
    }

    @AfterContainer
    static void stop() {
        database.close();
    }

    @Property(tries = 100)
    @Label("Property 1: an added key is stored active and retrievable by id; adding it again changes nothing")
    void addedKeysArePersisted(@ForAll @IntRange(min = 8, max = 60) int length) {
        clear();
        String secret = "sk-" + "x".repeat(length - 3);
        SunoKey added = pool.add("label", secret);
        assertThat(pool.find(added.id())).contains(added);
        assertThat(added.status()).isEqualTo(SunoKey.Status.active);
        assertThat(added.masked()).isEqualTo("****" + secret.substring(secret.length() - 4));
        assertThat(pool.add("again", secret).id()).isEqualTo(added.id());
        assertThat(pool.all()).hasSize(1);
    }

    @Property(tries = 100)
    @Label("Property 4: N active keys, N selections: each key exactly once, then the same order again")
    void roundRobin(@ForAll @IntRange(min = 1, max = 12) int n) {
        clear();
        List<String> ids = keys(n, 500);
        List<String> firstRound = selections(n);
        assertThat(firstRound).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(selections(n)).containsExactlyElementsOf(firstRound);
    }

    @Property(tries = 100)
    @Label("Properties 3/11: exhausted, refused, disabled or short-of-credit keys are never selected")
    void onlyActiveKeysWithCreditsAreSelected(@ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 5) Integer> kinds) {
        clear();
        Set<String> usable = new HashSet<>();
        for (int i = 0; i < kinds.size(); i++) {
            SunoKey key = pool.add("k" + i, "sk-test-key-" + i + "-padding");
            switch (kinds.get(i)) {
                case 0 -> pool.markExhausted(key.id());
                case 1 -> pool.markError(key.id(), "401");
                case 2 -> pool.setEnabled(key.id(), false);
                case 3 -> pool.refreshCredits(key.id(), COST - 1);
                default -> {
                    pool.refreshCredits(key.id(), COST * 100);
                    usable.add(key.id());
                }
            }
        }
        for (int i = 0; i < kinds.size() * 2; i++) {
            if (usable.isEmpty()) {
                assertThatThrownBy(pool::select).isInstanceOf(NoKeyAvailableException.class);
                assertThat(pool.hasUsableKey()).isFalse();
            } else {
                assertThat(usable).contains(pool.select().id());
            }
        }
    }

    @Property(tries = 100)
    @Label("Property 14: a rate-limited key is skipped until its cool-down ends; the next key is used")
    void coolingKeysAreSkipped(@ForAll @IntRange(min = 2, max = 8) int n) {
        clear();
        keys(n, 500);
        LeasedKey limited = pool.select();
        pool.coolDown(limited.id(), clock.instant().plus(Duration.ofSeconds(60)));
        for (int i = 0; i < n * 2; i++) {
            assertThat(pool.select().id()).isNotEqualTo(limited.id());
        }
        clock.advance(Duration.ofSeconds(61));
        assertThat(selections(n)).contains(limited.id());
    }

    @Property(tries = 100)
    @Label("Property 3: a key whose credits run below one generation becomes exhausted, and a refresh brings it back")
    void usageExhaustsAndRefreshRevives(@ForAll @IntRange(min = 0, max = 5) int generations) {
        clear();
        String id = keys(1, COST * generations).get(0);
        for (int i = 0; i < generations; i++) {
            pool.recordUsage(pool.select().id());
        }
        assertThat(pool.find(id).orElseThrow().status()).isEqualTo(SunoKey.Status.exhausted);
        assertThatThrownBy(pool::select).isInstanceOf(NoKeyAvailableException.class);
        pool.refreshCredits(id, COST);
        assertThat(pool.select().id()).isEqualTo(id);
    }

    @Property(tries = 100)
    @Label("Property 4 under concurrency: 8 selectors never get the same key twice within a round")
    void concurrentSelectorsNeverShareAKeyWithinARound(@ForAll @IntRange(min = 1, max = 3) int perSelector) throws Exception {
        clear();
        int selectors = 8;
        int n = selectors * perSelector;
        keys(n, 10_000);
        ExecutorService executor = Executors.newFixedThreadPool(selectors);
        try {
            for (int round = 0; round < 3; round++) {
                CyclicBarrier start = new CyclicBarrier(selectors);
                List<Future<List<String>>> futures = new ArrayList<>();
                for (int s = 0; s < selectors; s++) {
                    futures.add(executor.submit(() -> {
                        start.await();
                        List<String> mine = new ArrayList<>();
                        for (int i = 0; i < perSelector; i++) {
                            mine.add(pool.select().id());
                        }
                        return mine;
                    }));
                }
                List<String> all = new ArrayList<>();
                for (Future<List<String>> f : futures) {
                    all.addAll(f.get());
                }
                assertThat(new HashSet<>(all)).as("round %d: %s", round, all).hasSize(n);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static List<String> keys(int n, int credits) {
        return IntStream.range(0, n).mapToObj(i -> {
            SunoKey key = pool.add("k" + i, "sk-test-key-" + i + "-padding");
            pool.refreshCredits(key.id(), credits);
            return key.id();
        }).toList();
    }

    private static List<String> selections(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMillis(1));
            ids.add(pool.select().id());
        }
        return Collections.unmodifiableList(ids);
    }

    private static void clear() {
        database.jdbi().useHandle(h -> {
            h.execute("DELETE FROM execution_log");
            h.execute("DELETE FROM suno_api_key");
        });
    }
}
