package io.gemcap.job;

import io.gemcap.events.RunEvents;
import io.gemcap.events.RunListener;
import io.gemcap.report.RunJson;
import io.gemcap.usage.Spend;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Records which job, host and process each execution belongs to when it starts (and gives it the start-up check this
 * process paid for it), says in {@code run.json} that it is
 * running, tells the run's events it started, and remembers the execution this process is running so that a signal can
 * stop it.
 */
public class RunOwnerListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunOwnerListener.class);

    private final RunRegistry registry;
    private final RunSummaries summaries;
    private final OutputStaging staging;
    private final Spend spend;
    private final RunEvents events;
    private volatile JobExecution current;

    public RunOwnerListener(RunRegistry registry, RunSummaries summaries, OutputStaging staging, Spend spend, RunEvents events) {
        this.events = events;
        this.registry = registry;
        this.summaries = summaries;
        this.staging = staging;
        this.spend = spend;
    }

    /** The execution this process is running now, or {@code null}. */
    public JobExecution current() {
        return current;
    }

    /** Whether an execution's run is in the run registry (its process got as far as its start). */
    boolean registered(long executionId) {
        return registry.run(executionId).isPresent();
    }

    @Override
    public void beforeJob(JobExecution execution) {
        current = execution;
        // The start-up check was paid before the run had a job instance: it counts against the run's budget from here.
        spend.attach(execution.getJobInstanceId());
        RunParameters parameters = RunParameters.of(execution.getJobParameters());
        registry.register(new RunRegistry.Run(execution.getId(), execution.getJobInstanceId(), parameters.input(), parameters.output(),
                parameters.runNumber(), RunOwner.host(), RunOwner.pid(), Instant.now()));
        var csv = staging.target(parameters.output()).local();
        try {
            RunJson.started(csv, summaries.of(execution));
        } catch (IOException | RuntimeException e) {
            // The run goes on (its end is written again); a monitor meanwhile finds no run.json rather than the last run's.
            log.warn("gemcap: could not write {} ({})", RunJson.pathFor(csv), e.toString());
        }
        events.runStarted(new RunListener.RunStart(execution.getJobInstanceId(), execution.getId(),
                parameters.jobKey() == null ? RunRegistry.jobKey(parameters.input(), parameters.output()) : parameters.jobKey()));
    }

    @Override
    public void afterJob(JobExecution execution) {
        current = null;
    }
}
