package com.beatgen.functions.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * How Powertools sets and reads log levels under logback ({@code POWERTOOLS_LOG_LEVEL}, the template's
 * {@code LogLevel}, or DEBUG for a sampled invocation): the root logger's level, which every
 * logger without a level of its own follows. Named in {@code META-INF/services} of the Lambda jar.
 */
public final class LogbackLoggingManager implements LoggingManager {

    @Override
    public void setLogLevel(org.slf4j.event.Level level) {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME)
                .setLevel(Level.convertAnSLF4JLevel(level));
    }

    @Override
    public org.slf4j.event.Level getLogLevel(org.slf4j.Logger logger) {
        Level level = ((Logger) logger).getEffectiveLevel();
        if (level.toInt() > Level.ERROR_INT) {
            return org.slf4j.event.Level.ERROR; // OFF: nothing is logged, the highest level SLF4J knows
        }
        return org.slf4j.event.Level.intToLevel(Level.toLocationAwareLoggerInteger(level));
    }
}
