package com.beatgen.local.emulator.start;

import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.JniHelper;
import java.util.Locale;

/**
 * The SnapStart path under the Runtime Interface Emulator, which does not restore snapshots: construct the handler
 * (Lambda's INIT, registering its hooks), run the runtime client's {@code beforeCheckpoint} and {@code afterRestore}
 * hooks as the java21 runtime does around a snapshot, then hand over to the runtime client's own main. The emulator
 * counts all of it as INIT, as Lambda does before it takes the snapshot; the first invocation is then the restored
 * function's first call (the restore itself is not included).
 *
 * <p>Runs in the function's JVM with only the runtime's classes and the deployment jar: JDK and runtime client
 * classes only. Prints one line, {@value #PRIMED_PREFIX} + the milliseconds of the hooks.
 */
public final class PrimedStart {

    public static final String PRIMED_PREFIX = "beatgen-primed-in-ms ";

    private PrimedStart() {
    }

    public static void main(String[] args) throws Throwable {
        String handler = args[0];
        int method = handler.indexOf("::");
        Class<?> type = Class.forName(method < 0 ? handler : handler.substring(0, method));
        type.getDeclaredConstructor().newInstance();
        JniHelper.load(); // the runtime client's native part, loaded before INIT ends in the runtime: afterRestore needs it
        long start = System.nanoTime();
        Core.getGlobalContext().beforeCheckpoint(null);
        Core.getGlobalContext().afterRestore(null);
        System.out.println(PRIMED_PREFIX + String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6));
        AWSLambda.main(args);
    }
}
