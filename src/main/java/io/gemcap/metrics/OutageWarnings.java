package io.gemcap.metrics;

import org.slf4j.Logger;

/**
 * One warning line per outage of where the metrics go: a gateway down for an hour, or a full disk, would otherwise say
 * the same every interval. The first failure warns, later ones until a success are logged at debug, and the first
 * success after them says, once, that the metrics get through again. Thread-safe.
 */
final class OutageWarnings {

    private final Logger log;
    private int failedSince;

    OutageWarnings(Logger log) {
        this.log = log;
    }

    /** @param warning the whole line, for the first failure of an outage */
    synchronized void failed(String warning) {
        if (failedSince++ == 0) {
            log.warn(warning);
        } else if (log.isDebugEnabled()) {
            log.debug(warning);
        }
    }

    /** @param recovered the line for the first success after an outage, given the count of failures it lasted */
    synchronized void succeeded(java.util.function.IntFunction<String> recovered) {
        if (failedSince > 0) {
            log.info(recovered.apply(failedSince));
            failedSince = 0;
        }
    }

    /** Shortens a server's or a system's message to one line of at most {@code max} characters. */
    static String oneLine(String text, int max) {
        // (a server's answer may hold terminal escapes and other control characters: none reaches a terminal or a log)
        String line = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }

    /** What went wrong, in one line: the first message along the causes (with its kind), or the innermost cause's kind. */
    static String reason(Throwable e) {
        Throwable innermost = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getClass().getSimpleName() + ": " + oneLine(cause.getMessage(), 200);
            }
            innermost = cause;
        }
        return innermost.getClass().getSimpleName();
    }
}
