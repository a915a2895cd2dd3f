package com.beatgen.functions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The second thread of an on-demand INIT. A Java function's INIT is class loading, on one thread unless we say
 * otherwise. Its first part, configuring logging ({@link com.beatgen.functions.logging.LambdaLogging}), must run alone:
 * while SLF4J initialises, a logger another thread creates is only a stand-in. So:
 * <ol>
 * <li>the main thread configures logging while this thread loads, without initialising them (no class's static code
 *     runs, so no logger is created), the classes the function's first call needs, from a list recorded in a real cold
 *     start ({@code ./beatgen bench coldstart --write-class-lists});</li>
 * <li>once logging is configured ({@link #loggingConfigured}), this thread runs the first-call path (the function's
 *     components, the first database connection and statement) while the main thread loads the rest of the list, in
 *     its order: ahead of the path, which then finds its classes loaded (the pool's connection thread too), and then
 *     does what the caller gives it to do meanwhile (work of the first call that needs no database);</li>
 * <li>INIT ends when both are done ({@link #await}).</li>
 * </ol>
 * A class list, unlike a class-data sharing archive, does not depend on the JVM's build; a class missing from the jar
 * is skipped. Lambda runs INIT on two unthrottled vCPUs below 3 GB of memory (measured by Luc van Donkersgoed, "Lambda
 * Cold Starts and Bootstrap Code", 2022), more than an invocation of ours gets at 512 to 1,024 MB.
 *
 * <p>Nothing of this before a SnapStart snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): a snapshot must
 * hold no connection, and {@link PerContainer}'s priming runs the first-call path there.
 */
public final class InitWarmup {

    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    /** {@code off}: everything on the main thread, as before (to measure the difference, and to record the class lists). */
    public static final String SWITCH = "BEATGEN_INIT_WARMUP";

    private final List<URL> classLists;
    /** Read on the warm-up thread (reading them is some 10 ms the main thread need not wait for). */
    private volatile List<String> classes = List.of();
    private final ClassLoader loader = InitWarmup.class.getClassLoader();
    /** The next class to load, by whichever thread comes first, and the list's length. */
    private int next;
    private int end;
    private final AtomicInteger loaded = new AtomicInteger();
    private final CountDownLatch logging = new CountDownLatch(1);
    private final Thread thread;
    private volatile RuntimeException failure;

    private InitWarmup(Runnable path, List<URL> classLists) {
        this.classLists = classLists;
        this.thread = path == null ? null : new Thread(() -> run(path), "init-warmup");
    }

    /**
     * Starts the warm-up thread, unless this INIT is SnapStart's or {@value #SWITCH} is {@code off}. Call it before
     * anything logs, then configure logging on the calling thread and call {@link #loggingConfigured}.
     *
     * @param classLists text resources, one binary class name per line in the order a cold start loaded them, taken one
     *                   after the other; a null one is skipped
     */
    public static InitWarmup start(Runnable path, URL... classLists) {
        boolean on = !"snap-start".equals(System.getenv(INITIALIZATION_TYPE)) && !"off".equals(System.getenv(SWITCH));
        return start(on ? path : null, Arrays.asList(classLists));
    }

    /** @param path null: no warm-up (every call returns at once) */
    static InitWarmup start(Runnable path, List<URL> classLists) {
        InitWarmup warmup = new InitWarmup(path, classLists);
        if (warmup.thread != null) {
            warmup.thread.setDaemon(true);
            warmup.thread.start();
        }
        return warmup;
    }

    private void run(Runnable path) {
        List<String> names;
        try {
            names = read(classLists);
        } catch (UncheckedIOException e) {
            failure = e; // no classes ahead; the path still runs
            names = List.of();
        }
        synchronized (this) {
            classes = names;
            end = names.size();
        }
        try {
            for (int i = isLoggingConfigured() ? -1 : next(); i >= 0; i = isLoggingConfigured() ? -1 : next()) {
                load(i);
            }
            if (!logging.await(2, TimeUnit.SECONDS)) {
                return; // the caller never said: its thread is still busy, or it forgot; the first call builds everything
            }
            path.run();
        } catch (RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a warm-up thread runs in this INIT: an on-demand one, the warm-up not switched off. */
    public boolean isRunning() {
        return thread != null;
    }

    private boolean isLoggingConfigured() {
        return logging.getCount() == 0;
    }

    /** Logging is configured: the warm-up thread may now create loggers, and so run the first-call path. */
    public void loggingConfigured() {
        logging.countDown();
    }

    /**
     * Loads the rest of the class list, in its order, while the warm-up runs its path: ahead of it, so that the path
     * (and the pool's connection thread) finds its classes loaded; then runs {@code meanwhile} (work of the first call
     * that needs no database) and waits for the path. A failure (say, the database unreachable) is logged; the first
     * call builds again and answers for itself.
     */
    public void await(Logger log, Runnable meanwhile) {
        if (!isRunning()) {
            return;
        }
        loggingConfigured();
        for (int i = next(); i >= 0; i = next()) {
            load(i);
        }
        try {
            meanwhile.run();
        } catch (RuntimeException e) {
            log.warn("Warming up during INIT failed, the first call will try again: {}", e.toString());
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (failure != null) {
            log.warn("Warming up during INIT failed, the first call will try again: {}", failure.toString());
        }
    }

    private synchronized int next() {
        return next < end ? next++ : -1;
    }

    private void load(int index) {
        try {
            Class.forName(classes.get(index), false, loader);
            loaded.incrementAndGet();
        } catch (ClassNotFoundException | LinkageError e) {
            // not in this jar (any more): the first call loads what it needs
        }
    }

    /** How many classes of the lists were loaded (after {@link #await}). */
    int classesLoaded() {
        return loaded.get();
    }

    static List<String> read(List<URL> classLists) {
        List<String> names = new ArrayList<>();
        for (URL classList : classLists) {
            if (classList == null) {
                continue;
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(classList.openStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        names.add(line.strip());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the class list " + classList, e);
            }
        }
        return names;
    }
}
