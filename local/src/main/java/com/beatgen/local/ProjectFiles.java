package com.beatgen.local;

import com.beatgen.config.Env;
import java.nio.file.Path;

/**
 * The project's own files (state machine, OpenAPI document, sample catalog …) wherever {@code ./beatgen} is started
 * from: the launcher names the project in {@code BEATGEN_PROJECT}; without it (tests, {@code java -jar}) the current
 * directory is taken for the project.
 */
public final class ProjectFiles {

    public static final String PROJECT = "BEATGEN_PROJECT";

    private ProjectFiles() {
    }

    /** The project directory. */
    public static Path project(Env env) {
        return Path.of(env.string(PROJECT, "")).toAbsolutePath().normalize();
    }

    /** The deployment jar the functions module builds: {@code BEATGEN_LAMBDA_JAR}, else this in the project. */
    public static final String LAMBDA_JAR = "functions/target/beatgen-functions-lambda.jar";

    /** The functions' deployment jar (run under the Lambda runtime by {@code bench coldstart} and {@code --runtime emulator}). */
    public static Path lambdaJar(Env env) {
        return path(env, "BEATGEN_LAMBDA_JAR", LAMBDA_JAR);
    }

    /** The SAM template: {@code BEATGEN_TEMPLATE}, else {@code infrastructure/template.yaml} in the project. */
    public static Path template(Env env) {
        return path(env, "BEATGEN_TEMPLATE", "infrastructure/template.yaml");
    }

    /** {@code variable}'s path as given (relative to the current directory), else {@code inProject} in the project. */
    public static Path path(Env env, String variable, String inProject) {
        return env.optional(variable).map(Path::of).orElseGet(() -> project(env).resolve(inProject));
    }
}
