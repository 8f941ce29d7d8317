package io.gemcap.job.partition;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import io.gemcap.gemini.GeminiFatalException;
import java.util.Collection;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a partition run in another process (or read back from the job repository) tells its run about how it ended, which
 * threads of one process shared in memory: the budget reached, the day's quota spent, a fatal answer of the service. A
 * partition keeps it in its own execution context (persisted); the run's step takes it back into the run once the
 * partitions have ended, so the run ends as it would in one process (STOPPED at the budget, resumable after the quota
 * resets, failed with the key's or the model's line).
 */
public final class PartitionOutcomes implements StepExecutionListener {

    private static final String FAILURE = "gemcap.partitionFailure";
    private static final String FAILURE_CAUSE = "gemcap.partitionFailureCause";

    private final JobRepository jobRepository;
    private final String budgetReachedKey;

    /** @param budgetReachedKey the job execution context's key a partition sets when the run's budget is reached */
    public PartitionOutcomes(JobRepository jobRepository, String budgetReachedKey) {
        this.jobRepository = jobRepository;
        this.budgetReachedKey = budgetReachedKey;
    }

    /** A partition that reached the budget says so in its own context too. */
    public static void budgetReached(StepExecution partition, String key, String why) {
        partition.getExecutionContext().putString(key, why);
    }

    @Override
    public ExitStatus afterStep(StepExecution partition) {
        ExecutionContext context = partition.getExecutionContext();
        for (Throwable failure : partition.getFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof DailyQuotaExhaustedException || t instanceof GeminiFatalException) {
                    context.putString(FAILURE, t.getMessage());
                    context.putString(FAILURE_CAUSE, t instanceof GeminiFatalException fatal ? fatal.reason().name() : "DAILY_QUOTA");
                    jobRepository.updateExecutionContext(partition);
                    return partition.getExitStatus();
                }
            }
        }
        if (context.containsKey(budgetReachedKey)) {
            jobRepository.updateExecutionContext(partition);
        }
        return partition.getExitStatus();
    }

    /** Takes what the ended partitions tell back into their run: the budget mark, and a failure that explains the run. */
    public void carry(Collection<StepExecution> ended, StepExecution manager) {
        for (StepExecution partition : ended) {
            ExecutionContext context = partition.getExecutionContext();
            if (context.containsKey(budgetReachedKey)) {
                manager.getJobExecution().getExecutionContext().putString(budgetReachedKey, context.getString(budgetReachedKey));
            }
            if (context.containsKey(FAILURE)) {
                String cause = context.getString(FAILURE_CAUSE);
                manager.addFailureException(cause.equals("DAILY_QUOTA") ? DailyQuotaExhaustedException.asSaid(context.getString(FAILURE))
                        : new GeminiFatalException(GeminiFatalException.Cause.valueOf(cause), context.getString(FAILURE)));
            }
        }
    }
}
