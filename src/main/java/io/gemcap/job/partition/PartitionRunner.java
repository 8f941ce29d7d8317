package io.gemcap.job.partition;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;

/**
 * Runs a claimed partition in this process, as Spring Batch's worker side does ({@link StepExecutionRequestHandler}: the
 * step execution read back from the job repository, so it goes on from its last commit), holding its claim meanwhile.
 */
public final class PartitionRunner {

    private final String stepName;
    private final StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
    private final PartitionLeases leases;

    public PartitionRunner(String stepName, Step step, JobRepository jobRepository, PartitionLeases leases) {
        this.stepName = stepName;
        this.leases = leases;
        handler.setJobRepository(jobRepository);
        StepLocator locator = name -> name.equals(stepName) ? step : null;
        handler.setStepLocator(locator);
    }

    /** The request that sends a partition to a worker. */
    public StepExecutionRequest request(long stepExecutionId) {
        return new StepExecutionRequest(stepName, stepExecutionId);
    }

    /** Runs the partition to its end here, or until its claim is lost. */
    public StepExecution run(PartitionClaims.Claimed claimed) {
        leases.hold(claimed);
        try {
            return handler.handle(request(claimed.stepExecutionId()));
        } finally {
            leases.release(claimed.stepExecutionId());
        }
    }
}
