package com.beatgen.ops;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.config.Secrets;
import com.beatgen.db.Database;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the schema up to date with the Flyway migrations in the jar (run on every deploy, see MigrationHandler). */
public final class Migrations {

    /** @param schemaVersion the version after migrating; {@code applied} how many migrations this run applied */
    public record Result(String schemaVersion, int applied) {
    }

    private Migrations() {
    }

    /** Connects with the environment's settings (secrets resolved), migrates, and closes the pool again. */
    public static Result run(Env raw) {
        Env env = Secrets.resolve(raw);
        try (Database database = Database.connect(DatabaseConfig.fromEnv(env))) {
            return run(database);
        }
    }

    public static Result run(Database database) {
        MigrateResult result = database.migrate();
        return new Result(result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }
}
