package com.beatgen.functions;

import com.beatgen.config.Env;
import com.beatgen.pipeline.Pipeline;
import org.crac.Core;
import org.crac.Resource;

/**
 * The per-container wiring: one {@link Pipeline} per Lambda execution environment, created on first use. With
 * SnapStart the snapshot must not hold open connections, so the pool is closed before the checkpoint and created
 * again on the first invocation after restore.
 */
public final class Container implements Resource {

    private static final Container INSTANCE = new Container();
    private Pipeline pipeline;

    static {
        Core.getGlobalContext().register(INSTANCE);
    }

    private Container() {
    }

    public static synchronized Pipeline pipeline() {
        if (INSTANCE.pipeline == null) {
            INSTANCE.pipeline = Pipeline.fromEnv(Env.system());
        }
        return INSTANCE.pipeline;
    }

    @Override
    public synchronized void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // the pipeline is created again on first use
    }
}
