package io.gemcap.report;

/**
 * How a {@code run} command ended: why, the one line to show the user, and, when a run took place, its summary.
 */
public record RunResult(StopReason reason, String message, RunSummary summary) {

    /** A command that ended before any run took place (refused, locked). */
    public static RunResult without(StopReason reason, String message) {
        return new RunResult(reason, message, null);
    }

    public ExitCode exitCode() {
        return reason.exitCode();
    }

    public RunResult withMessage(String newMessage) {
        return new RunResult(reason, newMessage, summary);
    }

    public RunResult withSummary(RunSummary newSummary) {
        return new RunResult(reason, message, newSummary);
    }
}
