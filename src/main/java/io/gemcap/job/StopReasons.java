package io.gemcap.job;

import io.gemcap.job.batch.BatchRunTasklet;
import io.gemcap.gemini.DailyQuotaExhaustedException;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.policy.StorageUnavailableException;
import io.gemcap.report.StopReason;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/** The one place that decides why a run ended, from its execution in the job database. */
public final class StopReasons {

    /** Job execution context: set when a signal (SIGTERM, Ctrl-C) asked the run to stop. */
    public static final String SIGNALLED = "gemcap.signalled";
    /**
     * Job execution context: set when a second signal made the run abandon the calls it was waiting for; a resume that
     * pays for them again says so ({@link io.gemcap.output.ResultsTable#sentAgainByExecution}).
     */
    public static final String ABANDONED = "gemcap.abandonedInFlight";

    private StopReasons() {
    }

    /** Why the execution ended, or {@code null} while it is going. */
    public static StopReason of(JobExecution execution) {
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            return new StopReason.Completed();
        }
        var context = execution.getExecutionContext();
        Throwable cause = rootFailure(execution);
        if (status == BatchStatus.STOPPED) {
            if (context.containsKey(CaptionJobConfiguration.BUDGET_REACHED)) {
                return new StopReason.Budget(context.getString(CaptionJobConfiguration.BUDGET_REACHED));
            }
            if (context.containsKey(BatchRunTasklet.DETACHED)) {
                return new StopReason.Detached(context.getLong(BatchRunTasklet.DETACHED));
            }
            if (cause instanceof DailyQuotaExhaustedException) {
                return new StopReason.DailyQuota(cause.getMessage());
            }
            return context.containsKey(SIGNALLED) ? new StopReason.Signal() : new StopReason.StopCommand();
        }
        if (status.isRunning()) {
            return null;
        }
        if (cause instanceof ShrinkGuard.RefusedException refused) {
            return new StopReason.Configuration("was not published: " + refused.getMessage());
        }
        if (cause instanceof GeminiFatalException fatal) {
            return fatal.reason() == GeminiFatalException.Cause.UNREACHABLE ? new StopReason.Failed(fatal.getMessage(), true)
                    : new StopReason.Configuration("stopped: " + fatal.getMessage());
        }
        if (cause == null) {
            return new StopReason.Failed("status " + status, true);
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().lines().findFirst().orElse("");
        if (cause instanceof OutOfMemoryError) {
            return new StopReason.Failed("ran out of memory (" + reason + "): give Java a larger heap (GEMCAP_JAVA_OPTS=-Xmx...)", true);
        }
        if (cause instanceof org.springframework.dao.DataIntegrityViolationException
                || cause instanceof java.sql.SQLIntegrityConstraintViolationException) {
            return new StopReason.Failed("a row the job database already holds (" + reason + ")", false);
        }
        return new StopReason.Failed(reason, !bug(cause));
    }

    /**
     * Whether a rerun of the same command would meet {@code cause} again: a programming error in gemcap or a library (a
     * stack overflow, a null, a bad cast or index), not the run's weather (the network, the disk, the database).
     */
    private static boolean bug(Throwable cause) {
        return (cause instanceof VirtualMachineError && !(cause instanceof OutOfMemoryError)) || cause instanceof LinkageError
                || cause instanceof NullPointerException || cause instanceof ClassCastException
                || cause instanceof IndexOutOfBoundsException || cause instanceof ArithmeticException
                || cause instanceof NegativeArraySizeException || cause instanceof ArrayStoreException;
    }

    /** The failure that explains the run: one gemcap raised on purpose if any, else the deepest cause of the first. */
    static Throwable rootFailure(JobExecution execution) {
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof GeminiFatalException || t instanceof DailyQuotaExhaustedException
                        || t instanceof StorageUnavailableException || t instanceof ShrinkGuard.RefusedException) {
                    return t;
                }
            }
        }
        var failures = execution.getAllFailureExceptions();
        if (failures.isEmpty()) {
            return null;
        }
        Throwable t = failures.get(0);
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
