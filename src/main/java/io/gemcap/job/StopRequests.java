package io.gemcap.job;

import io.gemcap.jobdb.JobDatabaseConnection;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Whether, and how far, a running step was asked to stop: by a signal to this process ({@link RunStop}), by its own step
 * (the budget reached flags it), or by {@code scripts/caption stop ID} from any process or host (the job execution is marked
 * STOPPING in the job database). Spring Batch reads the database's mark back only at a commit, which a chunk waiting out a
 * backoff may not reach for minutes; this looks at most every {@code every}, or at once when asked to (before a commit), and
 * then drains the run. Whatever the source, the step is flagged, so it ends STOPPED. Used by the step's thread only.
 */
public final class StopRequests implements CallAheadItemReader.StopAsked {

    private final StepExecution step;
    private final JobRepository jobRepository;
    private final RunStop runStop;
    private final long everyNanos;
    private final LongSupplier nanoTime;
    private long lastLookNanos;
    private final long lossesAtStart = JobDatabaseConnection.losses();

    public StopRequests(StepExecution step, JobRepository jobRepository, RunStop runStop, Duration every, LongSupplier nanoTime) {
        this.step = step;
        this.jobRepository = jobRepository;
        this.runStop = runStop;
        this.everyNanos = every.toNanos();
        this.nanoTime = nanoTime;
        this.lastLookNanos = nanoTime.getAsLong();
    }

    @Override
    public RunStop.Level level(boolean now) {
        // A step that failed because the job database's connection broke is terminated, but nobody asked the run to stop:
        // it resumes in this process (RunLauncher), which a stop would prevent.
        boolean lostDatabase = JobDatabaseConnection.losses() != lossesAtStart || JobDatabaseConnection.lostIn(step.getFailureExceptions());
        if (runStop.level() == RunStop.Level.NONE && !lostDatabase && (step.isTerminateOnly() || markedInTheDatabase(now))) {
            runStop.drain();
        }
        RunStop.Level level = runStop.level();
        if (level != RunStop.Level.NONE) {
            step.setTerminateOnly();
        }
        return level;
    }

    /** Whether a stop was asked, however far. */
    public boolean asked() {
        return level(false) != RunStop.Level.NONE;
    }

    private boolean markedInTheDatabase(boolean now) {
        long time = nanoTime.getAsLong();
        if (!now && time - lastLookNanos < everyNanos) {
            return false;
        }
        lastLookNanos = time;
        JobExecution recorded = jobRepository.getJobExecution(step.getJobExecutionId());
        return recorded != null && recorded.getStatus() == BatchStatus.STOPPING;
    }
}
