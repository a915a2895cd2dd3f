package com.beatgen.local;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code beatgen} in-process: output captured, environment given, databases on the test server (never the
 * embedded home directory). {@code catalog sync} always gets the same database; each bench gets a new one.
 */
final class Cli implements DatabaseProvider {

    record Run(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final DatabaseConfig config;
    private int opened;

    Cli(DatabaseConfig config) {
        this.config = config;
    }

    Run run(String... args) {
        return run(Map.of(), args);
    }

    Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BeatgenCli.commandLine(new Env(env), this);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** How often a command opened the sync database. */
    int opened() {
        return opened;
    }

    @Override
    public LocalDatabase open() {
        opened++;
        return LocalDatabase.of(config, "test database");
    }

    @Override
    public LocalDatabase openFresh() {
        return LocalDatabase.of(TestDatabase.freshConfig(), "fresh test database");
    }

    @Override
    public LocalDatabase openFreshOverTls() {
        return new EnvDatabaseProvider(new Env(Map.of())).openFreshOverTls();
    }
}
