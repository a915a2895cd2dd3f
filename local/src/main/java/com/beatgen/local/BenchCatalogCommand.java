package com.beatgen.local;

import com.beatgen.config.Env;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.CatalogReader;
import com.beatgen.catalog.CatalogSyncService;
import com.beatgen.catalog.CatalogWriter;
import com.beatgen.catalog.SyncResult;
import com.beatgen.catalog.SyncSource;
import com.beatgen.db.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "catalog", description = {
        "Benchmark the catalog sync: generate N distinct templates, write them as a SpreadsheetML file, and time "
                + "(1) the first sync into an empty database, (2) a re-sync of the same file (0 writes) and "
                + "(3) a re-sync with one row changed (1 write).",
        "Uses a fresh throw-away database: embedded MariaDB, or a new database on $DATABASE_URL's server (dropped afterwards)."})
final class BenchCatalogCommand extends LocalCommand {

    private static final long SEED = 20_241_014L;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10000", description = "templates in the catalog (default: ${DEFAULT-VALUE})")
    int rows;

    BenchCatalogCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    private record Step(String name, long millis, SyncResult result, int expectedWrites) {
        boolean asExpected() {
            return result.writes() == expectedWrites;
        }
    }

    /** What was measured, and on what. */
    private record Measurement(long fileBytes, long parseMillis, String database, String serverVersion, List<Step> steps) {
    }

    @Override
    public Integer call() throws IOException {
        if (rows < 1) {
            throw new ParameterException(spec.commandLine(), "--rows must be at least 1, was " + rows);
        }
        List<BeatTemplate> templates = SampleTemplates.generate(rows, SEED);
        Path dir = Files.createTempDirectory("beatgen-bench");
        Path file = dir.resolve("bench_catalog.xml");
        Path changedFile = dir.resolve("bench_catalog_one_changed.xml");
        try {
            write(templates, file);
            write(SampleTemplates.withOneChanged(templates, rows / 2), changedFile);
            Measurement measurement = measure(file, changedFile);
            print(measurement);
            return measurement.steps().stream().allMatch(Step::asExpected) ? 0 : 1;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(changedFile);
            Files.deleteIfExists(dir);
        }
    }

    private Measurement measure(Path file, Path changedFile) throws IOException {
        // a large --rows may exceed the default size limit: this measures the sync, not the limit
        CatalogReader reader = new CatalogReader(Math.max(CatalogReader.DEFAULT_MAX_BYTES, Files.size(changedFile)));
        long parseStart = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            reader.read(in);
        }
        long parseMillis = millisSince(parseStart);

        try (LocalDatabase target = databases.openFresh(); Database database = Database.connect(target.config())) {
            database.migrate();
            String serverVersion = database.jdbi().withHandle(h -> h.createQuery("SELECT VERSION()").mapTo(String.class).one());
            CatalogSyncService sync = new CatalogSyncService(database.jdbi(), reader, Clock.systemUTC());
            List<Step> steps = List.of(
                    timed("1 first sync, empty database", sync, file, rows),
                    timed("2 re-sync, same file", sync, file, 0),
                    timed("3 re-sync, one row changed", sync, changedFile, 1));
            return new Measurement(Files.size(file), parseMillis, target.description(), serverVersion, steps);
        }
    }

    private void print(Measurement m) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Catalog sync benchmark: %,d templates, file %,d bytes (%.1f MiB), seed %d%n", rows,
                m.fileBytes(), m.fileBytes() / 1024.0 / 1024.0, SEED);
        out.printf(Locale.ROOT, "Java %s (%s), %d CPUs, database: %s, server %s%n", Runtime.version(),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(), m.database(), m.serverVersion());
        out.printf(Locale.ROOT, "Parse + validate only (no database): %,d ms%n%n", m.parseMillis());
        out.printf(Locale.ROOT, "%-30s %9s %8s %7s %8s %12s %12s %10s%n", "step", "wall ms", "written", "added", "updated",
                "deactivated", "reactivated", "unchanged");
        for (Step step : m.steps()) {
            SyncResult r = step.result();
            out.printf(Locale.ROOT, "%-30s %,9d %,8d %,7d %,8d %,12d %,12d %,10d%s%n", step.name(), step.millis(), r.writes(),
                    r.added(), r.updated(), r.deactivated(), r.reactivated(), r.unchanged(),
                    step.asExpected() ? "" : "   UNEXPECTED: expected " + step.expectedWrites() + " written");
        }
        out.flush();
    }

    private static Step timed(String name, CatalogSyncService sync, Path file, int expectedWrites) {
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            SyncResult result = sync.sync(in, SyncSource.file(file.toString()));
            return new Step(name, millisSince(start), result, expectedWrites);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(List<BeatTemplate> templates, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            CatalogWriter.write(templates, out);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
