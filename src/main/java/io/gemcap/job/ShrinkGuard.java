package io.gemcap.job;

import io.gemcap.output.ResultsTable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Refuses to publish a run that found far fewer images than the last completed run of the same job (its
 * input, into the same output): an unmounted share or a mistyped prefix lists nothing (or a part), completes, and would
 * otherwise replace last night's full CSV with an empty one. Pilot runs ({@code --limit}, globs) take a
 * part on purpose and are not checked.
 */
public class ShrinkGuard {

    /** The run found too few images; its CSV was not published. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    private final RunRegistry registry;
    private final JobRepository jobRepository;
    private final ResultsTable results;
    private final double minShare;

    /** @param minShare the least share of the last completed run's images a run must find to be published */
    public ShrinkGuard(RunRegistry registry, JobRepository jobRepository, ResultsTable results, double minShare) {
        this.registry = registry;
        this.jobRepository = jobRepository;
        this.results = results;
        this.minShare = minShare;
    }

    /** @throws RefusedException when the run found under the share of the last completed run's images and shrinking was not allowed */
    public void check(JobExecution execution) {
        RunParameters parameters = RunParameters.of(execution.getJobParameters());
        // A pilot run takes a part on purpose.
        if (parameters.pilot() || parameters.allowShrink()) {
            return;
        }
        String output = parameters.output();
        long found = results.count(execution.getJobInstanceId());
        String job = RunRegistry.jobKey(parameters.input(), output);
        for (RunRegistry.Run earlier : registry.runsWritingBefore(output, execution.getId())) {
            // Another input taking the output over is meant; the same input finding less is what this guards against.
            if (earlier.instanceId() == execution.getJobInstanceId() || !RunRegistry.jobKey(earlier.input(), earlier.output()).equals(job)) {
                continue;
            }
            JobExecution earlierExecution = jobRepository.getJobExecution(earlier.executionId());
            if (earlierExecution == null || earlierExecution.getStatus() != BatchStatus.COMPLETED) {
                continue;
            }
            long before = results.count(earlier.instanceId());
            if (found < before * minShare) {
                throw new RefusedException("this run found " + found + " images where run " + earlier.runNumber() + " found "
                        + before + ", so " + output + " was left as it was: if the input was missing (an unmounted share, a"
                        + " wrong prefix), fix it and run with --restart-fresh; if it really shrank, run with --allow-shrink");
            }
            return;
        }
    }
}
