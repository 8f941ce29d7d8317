package io.gemcap.job.partition;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
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
    private final JobRepository jobRepository;
    private final Function<StepExecution, Optional<String>> cannotRun;

    public PartitionRunner(String stepName, Step step, JobRepository jobRepository, PartitionLeases leases,
            Function<StepExecution, Optional<String>> cannotRun) {
        this.stepName = stepName;
        this.leases = leases;
        this.jobRepository = jobRepository;
        this.cannotRun = cannotRun;
        handler.setJobRepository(jobRepository);
        StepLocator locator = name -> name.equals(stepName) ? step : null;
        handler.setStepLocator(locator);
    }

    /** The request that sends a partition to a worker. */
    public StepExecutionRequest request(long stepExecutionId) {
        return new StepExecutionRequest(stepName, stepExecutionId);
    }

    /** How a partition run here ended: its name ({@code p000003}), status, rows written and, when it failed, why. */
    public record Ended(String partition, String status, long rows, String why) {

        static Ended of(StepExecution partition) {
            String name = partition.getStepName();
            return new Ended(name.substring(name.indexOf(':') + 1), partition.getStatus().name(), partition.getWriteCount(),
                    partition.getFailureExceptions().stream().findFirst().map(PartitionWorkers::why).orElse(""));
        }
    }

    /**
     * Runs the partition to its end here, or until its claim is lost. One this host cannot run (its input is not here)
     * fails at once, writing nothing, with why.
     */
    public Ended run(PartitionClaims.Claimed claimed) {
        leases.hold(claimed);
        try {
            StepExecution partition = jobRepository.getStepExecution(claimed.stepExecutionId());
            Optional<String> problem = partition == null ? Optional.empty() : cannotRun.apply(partition);
            if (problem.isPresent()) {
                partition.setStartTime(partition.getStartTime() == null ? LocalDateTime.now() : partition.getStartTime());
                partition.addFailureException(new IllegalStateException(problem.get() + " (" + PartitionWorkers.thisProcess() + ")"));
                partition.setStatus(BatchStatus.FAILED);
                partition.setExitStatus(ExitStatus.FAILED.addExitDescription(problem.get()));
                partition.setEndTime(LocalDateTime.now());
                jobRepository.update(partition);
                return Ended.of(partition);
            }
            return Ended.of(handler.handle(request(claimed.stepExecutionId())));
        } finally {
            leases.release(claimed.stepExecutionId());
        }
    }
}
