package io.gemcap.job;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Gives a resumed step the state saved at the last commit of any earlier execution of its run.
 *
 * <p>Spring Batch hands a restarted step the context of the step execution just before it. When that
 * one was killed before its first commit, its saved context is empty, and a third execution would
 * start the walk and the CSV from the beginning again (and meet its own rows in the results table).
 * This listener looks back, newest first, for the last execution whose context holds a committed
 * position ({@code marker}), copies it in and saves it at once, so any number of crashes in a row
 * resume from the same place.
 */
public final class ResumeFromLastCommit implements StepExecutionListener {

    private final JobRepository jobRepository;
    private final String marker;

    /** @param marker a key every commit writes into the step's context (the reader's count of images handed on) */
    public ResumeFromLastCommit(JobRepository jobRepository, String marker) {
        this.jobRepository = jobRepository;
        this.marker = marker;
    }

    @Override
    public void beforeStep(StepExecution step) {
        if (step.getExecutionContext().containsKey(marker)) {
            return;
        }
        Optional<ExecutionContext> saved = lastCommitted(step);
        if (saved.isPresent()) {
            for (Map.Entry<String, Object> entry : saved.get().entrySet()) {
                step.getExecutionContext().put(entry.getKey(), entry.getValue());
            }
            jobRepository.updateExecutionContext(step);
        }
    }

    private Optional<ExecutionContext> lastCommitted(StepExecution current) {
        var instance = current.getJobExecution().getJobInstance();
        return jobRepository.getJobExecutions(instance).stream()
                .filter(execution -> execution.getId() != current.getJobExecutionId())
                .sorted(Comparator.comparingLong(JobExecution::getId).reversed())
                .flatMap(execution -> execution.getStepExecutions().stream()
                        .filter(step -> step.getStepName().equals(current.getStepName()))
                        .sorted(Comparator.comparingLong(StepExecution::getId).reversed())
                        .map(step -> jobRepository.getStepExecution(execution.getId(), step.getId())))
                .filter(step -> step != null && step.getExecutionContext().containsKey(marker))
                .map(StepExecution::getExecutionContext)
                .findFirst();
    }
}
