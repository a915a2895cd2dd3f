package com.beatgen.local;

import com.beatgen.config.Env;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand of {@code ./beatgen} that opens the local database: the environment, the database, picocli's spec. */
abstract class LocalCommand implements Callable<Integer> {

    protected final Env env;
    protected final DatabaseProvider databases;

    @Spec
    CommandSpec spec;

    protected LocalCommand(Env env, DatabaseProvider databases) {
        this.env = env;
        this.databases = databases;
    }
}
