package com.beatgen.local;

import com.beatgen.config.Env;
import com.beatgen.local.emulator.EmulatedTasks;
import com.beatgen.local.emulator.LambdaEmulator;
import com.beatgen.local.stack.LocalStack;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --runtime} of {@code run} and {@code up}: the state machine's Tasks on their handlers in this JVM, or each
 * function in a warm environment of its own under the Lambda Runtime Interface Emulator (the real runtime client and
 * its serialization, the deployment jar). docs/local-stack.md#tasks-through-the-lambda-runtime
 */
final class TaskRuntimeOption {

    static final String IN_PROCESS = "in-process";
    static final String EMULATOR = "emulator";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private boolean emulator;

    @Option(names = "--runtime", paramLabel = IN_PROCESS + "|" + EMULATOR, defaultValue = IN_PROCESS, description = "how Tasks "
            + "reach their handlers: " + IN_PROCESS + " (this JVM) or " + EMULATOR + " (one warm JVM per function under the Lambda "
            + "Runtime Interface Emulator, with the deployment jar $BEATGEN_LAMBDA_JAR, else " + ProjectFiles.LAMBDA_JAR
            + "; default: ${DEFAULT-VALUE})")
    void runtime(String value) {
        if (!IN_PROCESS.equals(value) && !EMULATOR.equals(value)) {
            throw new ParameterException(spec.commandLine(), "--runtime must be " + IN_PROCESS + " or " + EMULATOR + ", was " + value);
        }
        emulator = EMULATOR.equals(value);
    }

    /** {@code options} with the Tasks dispatched as asked; the emulator is built (go install) on its first use. */
    LocalStack.Options apply(LocalStack.Options options, Env env) {
        if (!emulator) {
            return options;
        }
        Path jar = ProjectFiles.lambdaJar(env);
        return options.withDispatch(new EmulatedTasks(LambdaEmulator.create(env.values(), LambdaEmulator.currentJava(), jar,
                ProjectFiles.template(env))));
    }

    /** How the Tasks run, for the start-up line. */
    String describe() {
        return emulator ? "Tasks under the Lambda Runtime Interface Emulator, a JVM per function" : "Tasks in-process";
    }
}
