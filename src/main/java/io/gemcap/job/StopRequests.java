package io.gemcap.job;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Whether a running step was asked to stop: by a signal to this process (the step is flagged at once), or
 * by {@code scripts/caption stop ID} from any process or host (the job execution is marked STOPPING in
 * the job database). Spring Batch reads the database's mark back only at a commit, which a chunk waiting
 * out a backoff may not reach for minutes; this looks at most every {@code every}, and flags the step
 * when it finds the mark, so the step ends STOPPED. Used by the step's thread only.
 */
final class StopRequests implements BooleanSupplier {

    private final StepExecution step;
    private final JobRepository jobRepository;
    private final long everyNanos;
    private final LongSupplier nanoTime;
    private long lastLookNanos;

    StopRequests(StepExecution step, JobRepository jobRepository, Duration every, LongSupplier nanoTime) {
        this.step = step;
        this.jobRepository = jobRepository;
        this.everyNanos = every.toNanos();
        this.nanoTime = nanoTime;
        this.lastLookNanos = nanoTime.getAsLong();
    }

    @Override
    public boolean getAsBoolean() {
        if (step.isTerminateOnly()) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (now - lastLookNanos < everyNanos) {
            return false;
        }
        lastLookNanos = now;
        JobExecution recorded = jobRepository.getJobExecution(step.getJobExecutionId());
        if (recorded != null && recorded.getStatus() == BatchStatus.STOPPING) {
            step.setTerminateOnly();
            return true;
        }
        return false;
    }
}
