package io.gemcap.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines a class logs while a test runs, at INFO and above (Logback's own appender, attached to the class's logger). */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final Level before;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogLines(Class<?> logging) {
        logger = (Logger) LoggerFactory.getLogger(logging);
        before = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts keeping what {@code logging} logs. */
    public static LogLines of(Class<?> logging) {
        return new LogLines(logging);
    }

    /** The messages logged at {@code level}, in order. */
    public List<String> at(Level level) {
        synchronized (appender) {
            return appender.list.stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Every message kept, in order. */
    public List<String> all() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(before);
        appender.stop();
    }
}
