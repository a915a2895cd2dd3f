package org.jdbi.v3.core.statement.internal;

/**
 * Replaces Jdbi's own {@code JfrSupport} in the Lambda jar only (functions/pom.xml: the shade filter drops Jdbi's, an
 * {@code IncludeResourceTransformer} adds this one; the plain jar, which the local stack runs, leaves Jdbi's alone).
 *
 * <p>Jdbi's registers a Flight Recorder event type the first time a statement runs, whether or not anything records:
 * 100 to 150 ms of one thread on a cold JVM (about 100 classes of {@code jdk.jfr}), on the path of every function's
 * first statement. Nothing records in Lambda, so its statements get Jdbi's no-op event, as on a JVM without JFR.
 * Same signatures as Jdbi 3.55.0's class; {@code DeploymentJarIT} runs statements from the Lambda jar and checks this
 * class is the one in it.
 */
public final class JfrSupport {

    private JfrSupport() {
    }

    public static boolean isJfrAvailable() {
        return false;
    }

    public static boolean isFlightRecorderAvailable() {
        return false;
    }

    public static OptionalEvent newStatementEvent() {
        return new NoStatementEvent();
    }
}
