package io.gemcap.cli;

/**
 * The context of a command on the job database did not start: the database cannot be reached or used, a setting cannot
 * be bound. Nothing has run, and running again changes nothing until the cause is mended: a usage error (exit 2), said
 * in one line, as {@code run} says its own.
 */
final class CannotStart extends RuntimeException {

    CannotStart(RuntimeException cause) {
        super("cannot start: " + GemcapMain.oneLine(cause), cause);
    }
}
