package com.beatgen.functions.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;

/**
 * The Lambda jar's logging, configured in code: one JSON object per line on stdout ({@link LambdaJsonEncoder}), which
 * the runtime sends to CloudWatch Logs, at INFO until Powertools applies {@code POWERTOOLS_LOG_LEVEL}
 * ({@link LogbackLoggingManager}). logback finds this class through {@code META-INF/services} in the Lambda jar only, so
 * it reads no configuration file: no resource lookup, no XML parser on the cold path. It is the first thing every
 * function's INIT does, and takes about 100 ms where log4j with its JSON layout took 400 to 480 ms
 * (docs/benchmarks.md#cold-starts).
 */
public final class LambdaLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        // logback's own problems (a failing appender, say) go to stderr as they happen. With a listener, logback also
        // skips its check for them after configuration, whose date formatter loads the time-zone database (about 20
        // ms, before any other thread may log)
        context.getStatusManager().add(status -> {
            if (status.getEffectiveLevel() >= Status.WARN) {
                System.err.println("logback: " + status);
            }
        });
        LambdaJsonEncoder encoder = new LambdaJsonEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("json");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        // the pool's "Starting..." and "Start completed." on every cold start say nothing its warnings would not
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
