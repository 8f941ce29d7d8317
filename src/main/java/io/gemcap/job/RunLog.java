package io.gemcap.job;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowStatus;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * One log file per run ({@code data/logs/<job>-run<N>.log}): what gemcap logs while the run goes on, and a
 * warning per image that was rejected or failed. Rows hold no key (server messages are redacted before they are
 * stored) and no image bytes.
 */
public final class RunLog implements AutoCloseable {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(RunLog.class);
    private static final String GEMCAP = "io.gemcap";
    /** Lines for the file only (the console shows them its own way). */
    private static final String FILE_ONLY = "gemcap.run-log";

    private final FileAppender<ILoggingEvent> appender;
    private final Path file;

    private RunLog(FileAppender<ILoggingEvent> appender, Path file) {
        this.appender = appender;
        this.file = file;
    }

    /** The file name (without {@code .log}) of a run's log: the job key's first 12 characters and the run number. */
    static String name(String jobKey, long runNumber) {
        return jobKey.substring(0, Math.min(12, jobKey.length())) + "-run" + runNumber;
    }

    /** Starts copying gemcap's log lines to {@code folder/name.log}; none when the logging is not Logback. */
    static RunLog open(Path folder, String name) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RunLog(null, null);
        }
        Path file = folder.resolve(name + ".log");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss} %-5level %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("run-" + name);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger(GEMCAP).addAppender(appender);
        Logger fileOnly = context.getLogger(FILE_ONLY);
        fileOnly.setAdditive(false);
        fileOnly.setLevel(ch.qos.logback.classic.Level.INFO);
        fileOnly.addAppender(appender);
        return new RunLog(appender, file);
    }

    /** The log file, or {@code null} when none is written. */
    Path file() {
        return file;
    }

    /** Writes the run's end line to the file only. */
    void summary(String line) {
        if (appender != null) {
            LoggerFactory.getLogger(FILE_ONLY).info(line);
        }
    }

    /** A warning per image that was rejected or failed, with its reason. */
    public static void warnAbout(List<? extends CaptionRow> rows) {
        for (CaptionRow row : rows) {
            if (row.status() == RowStatus.REJECTED || row.status() == RowStatus.FAILED) {
                log.warn("{} {}: {}", row.status().label(), row.path(), row.answer().error());
            }
        }
    }

    @Override
    public void close() {
        if (appender != null) {
            ((Logger) LoggerFactory.getLogger(GEMCAP)).detachAppender(appender);
            ((Logger) LoggerFactory.getLogger(FILE_ONLY)).detachAppender(appender);
            appender.stop();
        }
    }
}
