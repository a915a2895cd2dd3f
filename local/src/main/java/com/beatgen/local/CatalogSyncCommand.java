package com.beatgen.local;

import com.beatgen.catalog.CatalogReader;
import com.beatgen.catalog.CatalogSyncFailedException;
import com.beatgen.catalog.CatalogSyncService;
import com.beatgen.catalog.InvalidCatalogException;
import com.beatgen.catalog.SyncResult;
import com.beatgen.catalog.SyncSource;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sync", description = {
        "Validate a catalog file, then sync it into the local database: new templates are added, changed ones "
                + "updated, missing ones deactivated; unchanged rows are not written. A refused catalog changes no template.",
        "Database: $DATABASE_URL (or $BEATGEN_DB_URL) when set, else an embedded MariaDB under $BEATGEN_HOME (default .beatgen in the project)."})
final class CatalogSyncCommand extends LocalCommand {

    @Mixin
    CatalogOptions catalog;

    CatalogSyncCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    @Override
    public Integer call() {
        CatalogOutput output = new CatalogOutput(spec.commandLine(), catalog);
        CatalogReader reader = catalog.reader(env);
        SyncSource source = SyncSource.file(catalog.file.toAbsolutePath().normalize().toString());
        try {
            return catalog.read(in -> {
                try (LocalDatabase target = databases.open(); Database database = Database.connect(target.config())) {
                    database.migrate();
                    SyncResult result = new CatalogSyncService(database.jdbi(), reader, Clock.systemUTC()).sync(in, source);
                    output.synced(result, target.description());
                    return 0;
                }
            });
        } catch (InvalidCatalogException e) {
            return output.refused(e.errors(), "; no template was changed");
        } catch (CatalogSyncFailedException e) {
            return output.failed(e.errorName(), e.getMessage());
        }
    }
}
