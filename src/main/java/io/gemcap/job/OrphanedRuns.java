package io.gemcap.job;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Marks a run whose process is gone FAILED with its unfinished steps ({@link JobOperator#recover}), so that the same
 * command starts it again. Workers may still be committing its partitions meanwhile: a commit between the moment the run
 * is read and the moment one of its steps is written makes that write stale (Spring Batch's optimistic lock, "wrong
 * version"), and the run is read again and recovered from there. A partition once marked FAILED refuses its worker's next
 * commit ({@link io.gemcap.job.partition.PartitionClaims}), so a few tries settle it.
 */
final class OrphanedRuns {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Retry retry = Retry.of("recover-orphaned-run", RetryConfig.custom().maxAttempts(5).waitDuration(Duration.ofMillis(100))
            .retryExceptions(OptimisticLockingFailureException.class).build());

    OrphanedRuns(JobOperator jobOperator, JobRepository jobRepository) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
    }

    /** The execution as recorded once it is no longer running: recovered here, or already ended. */
    JobExecution recover(long executionId) {
        return retry.executeSupplier(() -> {
            JobExecution execution = jobRepository.getJobExecution(executionId);
            return execution.getStatus().isRunning() ? jobOperator.recover(execution) : execution;
        });
    }
}
