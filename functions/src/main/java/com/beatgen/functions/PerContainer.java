package com.beatgen.functions;

import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of something per Lambda execution environment, created on first use and closed before a SnapStart
 * checkpoint (a snapshot must not hold open connections); created again on the first use after restore.
 */
final class PerContainer<T extends AutoCloseable> implements Resource {

    private static final Logger log = LoggerFactory.getLogger(PerContainer.class);
    private final Supplier<T> factory;
    private T instance;

    PerContainer(Supplier<T> factory) {
        this.factory = factory;
        Core.getGlobalContext().register(this);
    }

    synchronized T get() {
        if (instance == null) {
            instance = factory.get();
        }
        return instance;
    }

    @Override
    public synchronized void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (instance != null) {
            try {
                instance.close();
            } catch (Exception e) {
                log.warn("Closing {} before the snapshot failed: {}", instance.getClass().getSimpleName(), e.getMessage());
            }
            instance = null;
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // created again on first use
    }
}
