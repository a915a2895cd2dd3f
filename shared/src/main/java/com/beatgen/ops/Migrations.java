package com.beatgen.ops;

import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.catalog.CatalogSyncFailedException;
import com.beatgen.catalog.InvalidCatalogException;
import com.beatgen.config.DatabaseLogin;
import com.beatgen.config.Env;
import com.beatgen.config.ScheduleInterval;
import com.beatgen.config.Secrets;
import com.beatgen.db.Database;
import com.beatgen.storage.S3Clients;
import java.time.Clock;
import java.util.Optional;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/** Brings the schema up to date with the Flyway migrations in the jar (run on every deploy, see MigrationHandler). */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** @param schemaVersion the version after migrating; {@code applied} how many migrations this run applied */
    public record Result(String schemaVersion, int applied) {
    }

    private Migrations() {
    }

    public static Result run(Database database) {
        MigrateResult result = database.migrate();
        return new Result(result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * The deploy step: migrates, then loads the catalog already in the catalog bucket ({@code CATALOG_BUCKET},
     * {@code CATALOG_KEY}) when the database has not synced that version yet (the seed's "load the catalog on startup").
     * With {@code DATABASE_APP_USER_SECRET_ID} it also creates (or updates) the functions' own least-privilege login.
     */
    public static Result deploy(Env raw) {
        Env env = raw;
        try (Database database = Database.connect(Secrets.database(env, Secrets.awsLookup(env)))) {
            Result result = run(database);
            env.optional(ApplicationUser.SECRET_ID).ifPresent(secretId -> ApplicationUser.ensure(database.jdbi(),
                    DatabaseLogin.fromSecret(secretId, Secrets.reader(env).apply(secretId))));
            Optional<String> bucket = env.optional(CatalogObjectSync.BUCKET);
            if (bucket.isPresent()) {
                try (S3Client s3 = S3Clients.client(env)) {
                    loadCatalog(new CatalogObjectSync(database.jdbi(), s3, CatalogObjectSync.maxBytes(env), Clock.systemUTC(),
                                    ScheduleInterval.fromEnv(env)),
                            bucket.get(), env.string(CatalogObjectSync.KEY, CatalogObjectSync.DEFAULT_KEY));
                }
            }
            return result;
        }
    }

    /**
     * Syncs the catalog object if it exists. Never fails the deploy: an invalid catalog is recorded as a refused sync run
     * and logged at ERROR (the database keeps its catalog), and an unreadable bucket is logged; the next upload syncs.
     *
     * @return what happened, for the log and the tests
     */
    public static String loadCatalog(CatalogObjectSync catalog, String bucket, String key) {
        String outcome;
        try {
            CatalogObjectSync.Outcome result = catalog.syncCurrent(bucket, key);
            outcome = switch (result.kind()) {
                case SYNCED -> "synced " + result.location() + ": " + result.result().added() + " added, "
                        + result.result().updated() + " updated, " + result.result().deactivated() + " deactivated";
                case DUPLICATE -> "already synced " + result.location() + " (version " + result.version() + ")";
                case ABSENT -> "no catalog at " + result.location() + " yet";
                case IGNORED -> "ignored " + result.location() + ": " + result.detail();
            };
            log.info("First catalog load: {}", outcome);
        } catch (InvalidCatalogException e) {
            outcome = "refused s3://" + bucket + "/" + key + ": " + e.getMessage();
            log.error("First catalog load: {}; the database keeps its catalog", outcome);
        } catch (CatalogSyncFailedException e) { // already logged by the sync, with the database's reason
            outcome = "not synced s3://" + bucket + "/" + key + ": " + e.errorName() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            outcome = "could not read s3://" + bucket + "/" + key + ": " + e.getMessage();
            log.error("First catalog load: {}; the next upload will sync it", outcome, e);
        }
        return outcome;
    }
}
