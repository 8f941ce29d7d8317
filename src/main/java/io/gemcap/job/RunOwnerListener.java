package io.gemcap.job;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Records this process as the owner of each execution when it starts and keeps its heartbeat fresh
 * until it ends, so a later command can tell a live run from an orphan.
 */
public class RunOwnerListener implements JobExecutionListener {

    private final RunRegistry registry;
    private final Duration interval;
    private ScheduledExecutorService heartbeat;
    private volatile JobExecution current;

    public RunOwnerListener(RunRegistry registry, Duration interval) {
        this.registry = registry;
        this.interval = interval;
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
                parameters.getLong(CaptionJobConfiguration.RUN), RunOwner.host(), RunOwner.pid(), Instant.now()));
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gemcap-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = interval.toMillis();
        heartbeat.scheduleAtFixedRate(() -> registry.heartbeat(execution.getId()), every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void afterJob(JobExecution execution) {
        current = null;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
    }
}
