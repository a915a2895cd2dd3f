package com.beatgen.functions;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one logger writes while open, through the real binding (logback, as in Lambda). */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger logger;

    private LogCapture(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        events.setContext(logger.getLoggerContext());
        events.start();
        logger.addAppender(events);
    }

    static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    /** The formatted messages logged at {@code level}. */
    List<String> messages(Level level) {
        synchronized (events) {
            return events.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(events);
        events.stop();
    }
}
