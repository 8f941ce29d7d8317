package io.gemcap.job.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.job.StopReasons;
import io.gemcap.report.StopReason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.repository.JobRepository;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

/**
 * How a partition that ran in another process tells its run how it ended: what it left in its own context is all the
 * run's process reads back, and the run then ends as it would have in one process.
 */
class PartitionOutcomesTests {

    private static final String BUDGET = "gemcap.budgetReached";

    private final JobExecution run = new JobExecution(7L, new JobInstance(1L, "caption"), new JobParameters());
    private final StepExecution manager = new StepExecution(3L, "caption", run);
    private final JobRepository repository = mock(JobRepository.class);
    private final PartitionOutcomes outcomes = new PartitionOutcomes(repository, BUDGET);

    /** The partition as the run's process reads it back: another object, its context as persisted. */
    private StepExecution readBack(StepExecution partition) {
        JobExecution elsewhere = new JobExecution(7L, new JobInstance(1L, "caption"), new JobParameters());
        StepExecution copy = new StepExecution(partition.getId(), partition.getStepName(), elsewhere);
        copy.setExecutionContext(partition.getExecutionContext());
        copy.setStatus(partition.getStatus());
        return copy;
    }

    @Test
    void aPartitionThatReachedTheBudgetStopsItsRunAtTheBudget() {
        JobExecution workers = new JobExecution(7L, new JobInstance(1L, "caption"), new JobParameters());
        StepExecution partition = new StepExecution(11L, "captionPartition:p000001", workers);
        PartitionOutcomes.budgetReached(partition, BUDGET, "the next call could take this run past 0.01 USD");

        outcomes.carry(List.of(readBack(partition)), manager);

        run.setStatus(BatchStatus.STOPPED);
        assertThat(StopReasons.of(run)).isInstanceOf(StopReason.Budget.class);
    }

    @Test
    void aPartitionThatSpentTheDaysQuotaLeavesItsRunResumableAndOneWithARejectedKeyFailsWithItsLine() {
        JobExecution workers = new JobExecution(7L, new JobInstance(1L, "caption"), new JobParameters());
        StepExecution quota = new StepExecution(11L, "captionPartition:p000001", workers);
        quota.addFailureException(new RuntimeException(new DailyQuotaExhaustedException("requests per day of gemini-2.5-flash-lite")));
        StepExecution key = new StepExecution(12L, "captionPartition:p000002", workers);
        key.addFailureException(new GeminiFatalException(GeminiFatalException.Cause.KEY_REJECTED, "the API key was refused"));
        outcomes.afterStep(quota);
        outcomes.afterStep(key);
        verify(repository).updateExecutionContext(quota);
        verify(repository).updateExecutionContext(key);

        outcomes.carry(List.of(readBack(quota), readBack(key)), manager);

        assertThat(manager.getFailureExceptions()).hasSize(2);
        assertThat(manager.getFailureExceptions().get(0)).isInstanceOfSatisfying(DailyQuotaExhaustedException.class,
                e -> assertThat(e.getMessage()).startsWith("requests per day of gemini-2.5-flash-lite: the daily quota resets")
                        .containsOnlyOnce("resets"));
        assertThat(manager.getFailureExceptions().get(1)).isInstanceOfSatisfying(GeminiFatalException.class,
                e -> assertThat(e.reason()).isEqualTo(GeminiFatalException.Cause.KEY_REJECTED));
        // (a run's failures are a set, in no order: the quota's alone, as when only the day's quota ended the run)
        StepExecution quotaOnly = new StepExecution(4L, "caption", run);
        outcomes.carry(List.of(readBack(quota)), quotaOnly);
        run.addStepExecution(quotaOnly);
        run.setStatus(BatchStatus.STOPPED);
        assertThat(StopReasons.of(run)).as("the day's quota explains a stopped run").isInstanceOf(StopReason.DailyQuota.class);
    }
}
