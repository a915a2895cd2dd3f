package com.beatgen.functions;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.beatgen.functions.api.ApiHandler;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class InitWarmupTest {

    /** Listed in a class list: initialising it would set {@link #initialised}. */
    static final class Listed {
        static {
            initialised.set(true);
        }
    }

    static final AtomicBoolean initialised = new AtomicBoolean();

    @TempDir
    Path dir;

    private URL list(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines)).toUri().toURL();
    }

    @Test
    void thePathRunsOnItsOwnThreadOnlyOnceLoggingIsConfigured() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        InitWarmup warmup = InitWarmup.start(() -> events.add("path on " + Thread.currentThread().getName()), List.of());
        assertThat(warmup.isRunning()).isTrue();
        Thread.sleep(200);
        events.add("logging configured");
        warmup.loggingConfigured();
        warmup.await(LoggerFactory.getLogger(InitWarmupTest.class), () -> events.add("meanwhile on " + Thread.currentThread().getName()));

        assertThat(events).containsExactlyInAnyOrder("logging configured", "path on init-warmup", "meanwhile on main");
        assertThat(events.get(0)).isEqualTo("logging configured");
    }

    @Test
    void theListedClassesAreLoadedWithoutRunningTheirStaticCodeAndMissingOnesAreSkipped() throws Exception {
        URL common = list("common.txt", "# a comment", "java.util.concurrent.Phaser", Listed.class.getName(), "com.example.Gone");
        URL own = list("own.txt", "java.util.concurrent.Exchanger", "");

        InitWarmup warmup = InitWarmup.start(() -> { }, new ArrayList<>(java.util.Arrays.asList(common, null, own)));
        Thread.sleep(100);
        warmup.loggingConfigured();
        warmup.await(LoggerFactory.getLogger(InitWarmupTest.class), () -> { });

        assertThat(warmup.classesLoaded()).as("three of the four names are classes").isEqualTo(3);
        assertThat(initialised).as("Listed's static initialiser ran").isFalse();
    }

    @Test
    void aFailingPathIsLoggedAndLeftToTheFirstCall() throws Exception {
        InitWarmup warmup = InitWarmup.start(() -> {
            throw new IllegalStateException("database not reachable");
        }, List.of());
        try (LogCapture log = LogCapture.of(InitWarmupTest.class)) {
            warmup.loggingConfigured();
            warmup.await(LoggerFactory.getLogger(InitWarmupTest.class), () -> { });

            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("Warming up during INIT failed, the first call will try again", "database not reachable");
        }
    }

    @Test
    void aFailureMeanwhileIsLoggedAndTheWarmUpStillAwaited() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        InitWarmup warmup = InitWarmup.start(() -> ran.set(true), List.of());
        try (LogCapture log = LogCapture.of(InitWarmupTest.class)) {
            warmup.await(LoggerFactory.getLogger(InitWarmupTest.class), () -> {
                throw new IllegalStateException("no event mapping");
            });

            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("no event mapping");
        }
        assertThat(ran).isTrue();
    }

    @Test
    void awaitSaysLoggingIsConfiguredIfTheCallerDidNot() {
        AtomicBoolean ran = new AtomicBoolean();
        InitWarmup warmup = InitWarmup.start(() -> ran.set(true), List.of());
        warmup.await(LoggerFactory.getLogger(InitWarmupTest.class), () -> { });

        assertThat(ran).isTrue();
    }

    @Test
    void offMeansNoThreadAndNothingToWaitFor() {
        AtomicBoolean ran = new AtomicBoolean();
        InitWarmup warmup = InitWarmup.start(null, List.of());
        assertThat(warmup.isRunning()).as("nothing runs beside the main thread, TLS's warm-up included").isFalse();
        warmup.loggingConfigured();
        warmup.await(LoggerFactory.getLogger(InitWarmupTest.class), () -> ran.set(true));

        assertThat(warmup.classesLoaded()).isZero();
        assertThat(ran).as("off: INIT as before, the first call does it").isFalse();
    }

    /**
     * The lists the API functions' INIT loads, recorded by {@code ./beatgen bench coldstart --write-class-lists}: a
     * class that is no longer in the jar (a library upgrade, a renamed class) costs its cold start; record them again.
     */
    @Test
    void everyClassTheApiFunctionsListsNameIsOnTheClassPath() throws Exception {
        List<String> functions = List.of("HealthApiFunction", "BeatsApiFunction", "StatsApiFunction", "PromptsApiFunction",
                "TemplatesApiFunction", "JobsApiFunction", "KeysAdminApiFunction");
        List<URL> lists = new ArrayList<>(List.of(ApiHandler.class.getResource(ApiHandler.initClasses(null))));
        functions.forEach(function -> lists.add(ApiHandler.class.getResource(ApiHandler.initClasses(function))));
        assertThat(lists).as("a list for all and one for each API function").doesNotContainNull();

        List<String> names = InitWarmup.read(lists);
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            try {
                Class.forName(name, false, InitWarmupTest.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }
        assertThat(names).hasSizeGreaterThan(1000);
        assertThat(missing).as("stale entries: run ./beatgen bench coldstart --runs 1 --functions ApiHandler "
                + "--write-class-lists functions/src/main/resources/com/beatgen/functions/api").isEmpty();
    }
}
