package io.gemcap.job;

import io.gemcap.job.batch.BatchJobConfiguration;
import io.gemcap.job.batch.BatchShards;
import io.gemcap.report.Partitions;
import io.gemcap.report.RunSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * What {@code jobs}, {@code status RUN} and {@code stop RUN} show and do, from the job database, so
 * they work from any process (or host sharing the database) while runs are going.
 */
public class JobControl {

    private final RunSummaries summaries;
    private final JobRepository jobRepository;
    private final BatchShards batchShards;
    private final RunRegistry registry;
    private final RunPartitions partitions;

    public JobControl(RunSummaries summaries, JobRepository jobRepository, BatchShards batchShards, RunRegistry registry,
            RunPartitions partitions) {
        this.partitions = partitions;
        this.summaries = summaries;
        this.jobRepository = jobRepository;
        this.batchShards = batchShards;
        this.registry = registry;
    }

    /** Each job (input and output) with its last {@code perJob} runs, newest first. */
    public Map<String, List<RunSummary>> jobs(int perJob) {
        return summaries.jobs(perJob);
    }

    public Optional<RunSummary> status(long executionId) {
        return summaries.of(executionId);
    }

    /** A run's partitions, those listed with their rows; empty for a run without partitions or no run. */
    public Optional<Partitions> partitions(long executionId) {
        return registry.execution(executionId, jobRepository).flatMap(partitions::of);
    }

    /**
     * The partitions, counted, of each run in {@code jobs} whose caption step is going on, by execution ID: DIED ones too,
     * whose workers go on with the partitions they hold until the same command resumes the run.
     */
    public Map<Long, Partitions> captioning(Map<String, List<RunSummary>> jobs) {
        Map<Long, Partitions> captioning = new java.util.HashMap<>();
        for (List<RunSummary> runs : jobs.values()) {
            for (RunSummary run : runs) {
                if (!List.of("STARTED", "STOPPING", "DIED").contains(run.status())) {
                    continue;
                }
                registry.execution(run.executionId(), jobRepository).flatMap(partitions::counted).filter(Partitions::captioning)
                        .ifPresent(counted -> captioning.put(run.executionId(), counted));
            }
        }
        return captioning;
    }

    /**
     * Asks a run, in whatever process or host, to stop: the job database marks it STOPPING, which the run
     * reads back before each commit and, while it waits for a row, every few seconds ({@link StopRequests});
     * it then sends nothing new and commits the rows done with the calls in flight, once answered.
     *
     * @return why it cannot be stopped, or empty when asked
     */
    public Optional<String> stop(long executionId) {
        Optional<JobExecution> found = registry.execution(executionId, jobRepository);
        if (found.isEmpty()) {
            return Optional.of("no run with id " + executionId + " (see: scripts/caption jobs)");
        }
        JobExecution execution = found.get();
        if (!execution.isRunning()) {
            return Optional.of("run " + executionId + " is not running (" + execution.getStatus() + ")");
        }
        // Only the job execution is marked: the running step reads it back, drains, and stops.
        // (JobOperator.stop also writes the step execution, racing the running process's own update of it.)
        try {
            execution.setStatus(BatchStatus.STOPPING);
            jobRepository.update(execution);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("could not stop run " + executionId + ": " + e.getMessage());
        }
    }

    /**
     * Cancels a Batch Mode run's batches that are pending or running at the service, after telling {@code announce}
     * how many.
     *
     * @return how many were cancelled, or empty when there is no such run
     */
    public Optional<Integer> cancelBatches(long executionId, io.gemcap.gemini.BatchClient client,
            java.util.function.IntConsumer announce) {
        Optional<JobExecution> execution = registry.execution(executionId, jobRepository);
        if (execution.isEmpty()) {
            return Optional.empty();
        }
        List<BatchShards.Shard> live = batchShards.live(execution.get().getJobInstanceId());
        announce.accept(live.size());
        BatchShards.cancel(live, client);
        return Optional.of(live.size());
    }

    /** The pilot selection (limit and globs) a run was started with, so that {@code restart} keeps it. */
    public CaptionRunner.Selection selectionOf(long executionId) {
        Optional<JobExecution> execution = registry.execution(executionId, jobRepository);
        if (execution.isEmpty()) {
            return CaptionRunner.Selection.ALL;
        }
        return RunParameters.of(execution.get().getJobParameters()).selection();
    }

    /** The report page a run's command writes (a restart writes it again), or empty when it was started with none. */
    public Optional<java.nio.file.Path> reportOf(long executionId) {
        return status(executionId).map(summary -> summary.files().report()).map(java.nio.file.Path::of);
    }

    /** The mode a run was started in (a restart keeps it; it does not leave again, it waits for its batches). */
    public CaptionRunner.Mode modeOf(long executionId) {
        boolean batch = registry.execution(executionId, jobRepository)
                .map(execution -> execution.getJobInstance().getJobName().equals(BatchJobConfiguration.JOB_NAME)).orElse(false);
        return new CaptionRunner.Mode(batch, false, false);
    }
}
