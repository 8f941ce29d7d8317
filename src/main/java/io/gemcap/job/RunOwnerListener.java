package io.gemcap.job;

import java.time.Instant;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Records which job, host and process each execution belongs to when it starts, and remembers the
 * execution this process is running so that a signal can stop it.
 */
public class RunOwnerListener implements JobExecutionListener {

    private final RunRegistry registry;
    private volatile JobExecution current;

    public RunOwnerListener(RunRegistry registry) {
        this.registry = registry;
    }

    /** The execution this process is running now, or {@code null}. */
    public JobExecution current() {
        return current;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        current = execution;
        var parameters = execution.getJobParameters();
        registry.register(new RunRegistry.Run(execution.getId(), execution.getJobInstanceId(),
                parameters.getString(CaptionJobConfiguration.INPUT), parameters.getString(CaptionJobConfiguration.OUTPUT),
                parameters.getLong(CaptionJobConfiguration.RUN_NUMBER), RunOwner.host(), RunOwner.pid(), Instant.now()));
    }

    @Override
    public void afterJob(JobExecution execution) {
        current = null;
    }
}
