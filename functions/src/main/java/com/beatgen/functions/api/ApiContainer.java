package com.beatgen.functions.api;

import com.beatgen.api.ApiService;
import com.beatgen.config.Env;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-container wiring of the API functions: one {@link ApiService} per Lambda execution environment, created
 * on first use from the environment. Closed before a SnapStart checkpoint (no open connections in the snapshot).
 */
public final class ApiContainer implements Resource {

    private static final Logger log = LoggerFactory.getLogger(ApiContainer.class);
    private static final ApiContainer INSTANCE = new ApiContainer();
    private ApiService service;

    static {
        Core.getGlobalContext().register(INSTANCE);
    }

    private ApiContainer() {
    }

    public static synchronized ApiService service() {
        if (INSTANCE.service == null) {
            INSTANCE.service = ApiService.fromEnv(Env.system());
        }
        return INSTANCE.service;
    }

    @Override
    public synchronized void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (service != null) {
            try {
                service.close();
            } catch (Exception e) {
                log.warn("Closing the API before the snapshot failed: {}", e.getMessage());
            }
            service = null;
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // the service is created again on first use
    }
}
