package com.beatgen.local;

import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import com.beatgen.db.DatabaseUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ./beatgen}: the local command line. Commands only wire things together; the work is done in the shared
 * module. Exit codes: 0 success, 1 failure (database, bug), 2 bad input (usage, refused catalog, configuration).
 */
@Command(name = "beatgen", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = BeatgenCli.Version.class,
        description = {"Beat Generator, locally: run the pipeline end to end or keep the whole system up, check and sync the beat "
                + "catalog, run benchmarks.",
                "Database: $DATABASE_URL or $BEATGEN_DB_URL (jdbc:mysql://… or mysql://user:pass@host:port/db); "
                        + "when unset, an embedded MariaDB under $BEATGEN_HOME (default .beatgen in the project)."})
public final class BeatgenCli {

    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Command(name = "catalog", description = "Check or sync the beat catalog (an Excel 2003 XML workbook).")
    static final class CatalogCommands {
    }

    @Command(name = "bench", description = "Benchmarks (not tests): print timings of real work on generated data.")
    static final class BenchCommands {
    }

    @Command(name = "keys", description = "The Suno key pool of a deployed stack (its IAM-authorized API).")
    static final class KeysCommands {
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "log at INFO level (default: warnings only)")
    void verbose(boolean verbose) {
        if (verbose) {
            System.setProperty(LOG_LEVEL_PROPERTY, "info"); // read when the first logger is created, after parsing
        }
    }

    public static void main(String[] args) {
        Env env = Env.system();
        System.exit(commandLine(env, new EnvDatabaseProvider(env)).execute(args));
    }

    /** The whole command tree, with its environment and databases; tests call {@code execute} on it in-process. */
    public static CommandLine commandLine(Env env, DatabaseProvider databases) {
        CommandLine cli = new CommandLine(new BeatgenCli())
                .addSubcommand(new RunCommand(env, databases))
                .addSubcommand(new SeedCommand(env, databases))
                .addSubcommand(new ServeCommand(env, databases))
                .addSubcommand(new SummaryCommand(env, databases, java.time.Clock.systemUTC()))
                .addSubcommand(new UpCommand(env, databases))
                .addSubcommand(new CheckCommand(env, databases, java.time.Clock.systemUTC()))
                .addSubcommand(new CommandLine(new CatalogCommands())
                        .addSubcommand(new CatalogCheckCommand(env))
                        .addSubcommand(new CatalogSyncCommand(env, databases)))
                .addSubcommand(new CommandLine(new KeysCommands())
                        .addSubcommand(new com.beatgen.local.keys.KeysAddCommand(env, System.in)))
                .addSubcommand(new CommandLine(new BenchCommands())
                        .addSubcommand(new BenchCatalogCommand(env, databases))
                        .addSubcommand(new BenchKeysCommand(env, databases))
                        .addSubcommand(new BenchApiCommand(env, databases))
                        .addSubcommand(new BenchPipelineCommand(env, databases))
                        .addSubcommand(new BenchColdStartCommand(env, databases)));
        cli.setParameterExceptionHandler(BeatgenCli::usageError);
        cli.setExecutionExceptionHandler(BeatgenCli::failed);
        return cli;
    }

    /** A wrong command line: the problem, a suggestion when picocli has one, and the usage; exit code 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        command.usage(err);
        err.flush();
        return 2;
    }

    /** Known failures get one line and an exit code; anything else is a bug and gets its stack trace. */
    private static int failed(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        int exitCode;
        if (e instanceof ConfigException) {
            err.println("beatgen: configuration: " + e.getMessage());
            exitCode = 2;
        } else if (e instanceof DatabaseUnavailableException || e instanceof HomeInUseException) {
            err.println("beatgen: " + e.getMessage());
            exitCode = 1;
        } else if (e instanceof FlywayException) {
            err.println("beatgen: database migration failed: " + e.getMessage());
            err.println("beatgen: the embedded local database can be recreated (empty) by deleting $"
                    + EnvDatabaseProvider.HOME + " (default .beatgen in the project)");
            exitCode = 1;
        } else {
            err.println("beatgen: unexpected error (a bug):");
            e.printStackTrace(err);
            exitCode = 1;
        }
        err.flush();
        return exitCode;
    }

    /** The version Maven packaged into the jar; "development build" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties pom = new Properties();
            try (InputStream in = BeatgenCli.class.getResourceAsStream("/META-INF/maven/com.beatgen/beatgen-local/pom.properties")) {
                if (in != null) {
                    pom.load(in);
                }
            }
            return new String[] {"beatgen " + pom.getProperty("version", "(development build)")};
        }
    }
}
