package io.gemcap.cli;

/**
 * A command's application context did not start: the job database cannot be reached or written, a setting cannot be
 * bound. Nothing has run, and running again changes nothing until the cause is mended, so it is a usage error (exit 2)
 * for every command, said in one line.
 */
final class CannotStart extends RuntimeException {

    CannotStart(RuntimeException cause) {
        super("cannot start: " + GemcapMain.oneLine(cause), cause);
    }
}
