package com.beatgen.functions;

import com.beatgen.config.Env;
import com.beatgen.wiring.Components;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one function needs, once per Lambda execution environment: built by the function's own wiring from the
 * {@link Components} of this environment on first use. Before a SnapStart checkpoint it is built and the primer runs
 * the function's first-call path on it (its database connection and queries, JSON; SnapStart's guidance: prime what
 * the first invocation really does), then everything is closed (a snapshot must not hold open connections); it is
 * built again on the first use after restore, with its classes loaded and compiled. A handler keeps its container in a
 * static field, so the hooks are registered during INIT, before the snapshot.
 */
public final class PerContainer<T> implements Resource, Supplier<T> {

    private static final Logger log = LoggerFactory.getLogger(PerContainer.class);

    private final Function<Components, T> wiring;
    private final Consumer<Components> primer;
    private final Supplier<Components> components;
    private final boolean owned;
    private Components open;
    private T instance;

    private PerContainer(Function<Components, T> wiring, Consumer<Components> primer, Supplier<Components> components, boolean owned) {
        this.wiring = wiring;
        this.primer = primer;
        this.components = components;
        this.owned = owned;
    }

    /** Lambda's: components from the process environment, registered for SnapStart's hooks if a snapshot may follow. */
    public static <T> PerContainer<T> of(Function<Components, T> wiring, Consumer<Components> primer) {
        PerContainer<T> container = new PerContainer<>(wiring, primer, () -> Components.fromEnv(Env.system()), true);
        if (snapshotMayFollow(System.getenv(InitWarmup.INITIALIZATION_TYPE))) {
            Core.getGlobalContext().register(container);
        }
        return container;
    }

    /**
     * Whether a snapshot may follow this INIT, by Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE}: only SnapStart's
     * ({@code snap-start}) ends in one; after an {@code on-demand} or {@code provisioned-concurrency} INIT the hooks
     * would never run, and registering them costs some 50 ms of the cold start (org.crac's bridge to the runtime builds
     * a reflection proxy). Unset (not in Lambda; the benchmark's primed start runs the hooks itself): they are registered.
     */
    static boolean snapshotMayFollow(String initializationType) {
        return initializationType == null || initializationType.equals("snap-start");
    }

    /** Tests': components from {@code components} on each build, owned (closed before the snapshot), no hooks registered. */
    static <T> PerContainer<T> owning(Supplier<Components> components, Function<Components, T> wiring, Consumer<Components> primer) {
        return new PerContainer<>(wiring, primer, components, true);
    }

    /** Tests' and the local stack's: the given components, shared with other functions and closed by their owner. */
    public static <T> PerContainer<T> using(Components components, Function<Components, T> wiring) {
        return new PerContainer<>(wiring, c -> { }, () -> components, false);
    }

    /** How this function builds what it needs (the template test applies it to observed components). */
    public Function<Components, T> wiring() {
        return wiring;
    }

    @Override
    public synchronized T get() {
        if (instance == null) {
            Components built = components.get();
            try {
                instance = wiring.apply(built);
            } catch (RuntimeException e) {
                if (owned) {
                    built.close();
                }
                throw e;
            }
            open = built;
        }
        return instance;
    }

    @Override
    public synchronized void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            get();
            primer.accept(open);
        } catch (RuntimeException e) {
            // e.g. the database unreachable while the version is published: the function still works, unprimed
            log.warn("Priming before the snapshot failed, the first call will pay for it: {}", e.toString());
        }
        close();
    }

    private void close() {
        try {
            if (instance instanceof AutoCloseable closeable) {
                closeable.close();
            }
            if (open != null && owned) {
                open.close();
            }
        } catch (Exception e) {
            log.warn("Closing before the snapshot failed: {}", e.getMessage());
        }
        instance = null;
        open = null;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // built again on first use
    }
}
