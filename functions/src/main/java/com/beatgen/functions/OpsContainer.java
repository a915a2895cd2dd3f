package com.beatgen.functions;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.config.Secrets;
import com.beatgen.db.Database;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;

/**
 * The per-container wiring of the operations functions (daily summary, metrics): only the database, created on
 * first use. Closed before a SnapStart checkpoint, like the pipeline's and the API's.
 */
public final class OpsContainer implements Resource {

    private static final OpsContainer INSTANCE = new OpsContainer();
    private Database database;

    static {
        Core.getGlobalContext().register(INSTANCE);
    }

    private OpsContainer() {
    }

    /** The handlers' wiring; called from their constructors, so the SnapStart hooks are registered during INIT. */
    public static Supplier<Database> wiring() {
        return OpsContainer::database;
    }

    public static synchronized Database database() {
        if (INSTANCE.database == null) {
            INSTANCE.database = Database.connect(DatabaseConfig.fromEnv(Secrets.resolve(Env.system())));
        }
        return INSTANCE.database;
    }

    @Override
    public synchronized void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // the database is connected again on first use
    }
}
