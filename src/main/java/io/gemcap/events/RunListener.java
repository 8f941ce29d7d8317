package io.gemcap.events;

import io.gemcap.output.CaptionRow;
import io.gemcap.report.RunSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a subscriber to a process's run events hears; it overrides what it needs. Called on the threads that do the work
 * (preparing, calling, committing), so an implementation is thread-safe and quick.
 */
public interface RunListener {

    /** A run started in this process (its job instance holds the run's rows across its executions). */
    default void runStarted(RunStart run) {
    }

    /**
     * An image was read and checked; {@code sendable} when it is to be sent, not when it ended without a call (rejected,
     * answered from the ledger).
     */
    default void imagePrepared(Duration took, boolean sendable) {
    }

    /** One attempt at the service ended: answered, or failed in a way that may pass. */
    default void attempted(Attempt attempt) {
    }

    /** An image's call is tried again after a failed attempt. */
    default void retried() {
    }

    /** A chunk of rows was committed to the results table by this process. */
    default void rowsWritten(List<? extends CaptionRow> rows) {
    }

    /** A Batch Mode run's batches, by state ({@code running}, {@code succeeded}, ...), as they are now. */
    default void batches(Map<String, Long> byState) {
    }

    /** A run of this process ended; its one summary, as the end line and {@code run.json} show it. */
    default void runEnded(RunSummary summary) {
    }

    /**
     * @param jobInstanceId the run's rows are under this job instance
     * @param jobKey the job (input and output) the run belongs to
     */
    record RunStart(long jobInstanceId, long jobExecutionId, String jobKey) {
    }

    /** One attempt at the service: how it ended and how long it took. */
    record Attempt(Outcome outcome, Duration latency) {
    }

    /** How an attempt ended, as a metric's label says it. */
    enum Outcome {
        /** The service answered (a caption, a block, a refusal of the request). */
        ANSWERED,
        /** 429: a quota window was full. */
        RATE_LIMITED,
        /** 408 or 5xx. */
        SERVER_ERROR,
        /** No answer within the call timeout. */
        TIMEOUT,
        /** Connection refused, reset or dropped. */
        NETWORK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
