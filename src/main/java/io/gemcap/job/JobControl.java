package io.gemcap.job;

import io.gemcap.output.ResultsTable;
import io.gemcap.output.RowStatus;
import io.gemcap.usage.Prices;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * One execution as the user sees it.
     *
     * @param costUsd what the run's calls cost so far (across its resumes), or {@code null} when its model has no price
     */
    public record RunView(long executionId, long runNumber, String input, String output, String status, String started,
            String ended, Map<RowStatus, Long> counts, Double costUsd, String host, long pid) {

        /** The cost as shown: dollars to a hundredth of a cent, or {@code -} when unknown. */
        public String cost() {
            return costUsd == null ? "-" : String.format(java.util.Locale.ROOT, "$%.4f", costUsd);
        }

        long rows() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final RunRegistry registry;
    private final JobRepository jobRepository;
    private final ResultsTable results;
    private final Prices prices;
    private final BatchShards batchShards;

    public JobControl(RunRegistry registry, JobRepository jobRepository, ResultsTable results, Prices prices, BatchShards batchShards) {
        this.batchShards = batchShards;
        this.registry = registry;
        this.jobRepository = jobRepository;
        this.results = results;
        this.prices = prices;
    }

    /** Each job (input and output) with its last {@code perJob} runs, newest first. */
    public Map<String, List<RunView>> jobs(int perJob) {
        Map<String, List<RunView>> jobs = new LinkedHashMap<>();
        for (RunRegistry.Run run : registry.allRuns()) {
            List<RunView> runs = jobs.computeIfAbsent(run.input() + " -> " + run.output(), key -> new ArrayList<>());
            if (runs.size() < perJob) {
                runs.add(view(run));
            }
        }
        return jobs;
    }

    public Optional<RunView> status(long executionId) {
        return registry.run(executionId).map(this::view);
    }

    /**
     * Asks a run, in whatever process or host, to stop: the job database marks it STOPPING, which the run
     * reads back at each commit and, while it waits for a row, every few seconds ({@link StopRequests});
     * it then commits the rows done and abandons the calls still waiting.
     *
     * @return why it cannot be stopped, or empty when asked
     */
    public Optional<String> stop(long executionId) {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        if (execution == null) {
            return Optional.of("no run with id " + executionId + " (see: scripts/caption jobs)");
        }
        if (!execution.isRunning()) {
            return Optional.of("run " + executionId + " is not running (" + execution.getStatus() + ")");
        }
        // Only the job execution is marked: the running step reads it back at its next chunk boundary and stops.
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
        JobExecution execution = jobRepository.getJobExecution(executionId);
        if (execution == null) {
            return Optional.empty();
        }
        List<BatchShards.Shard> live = batchShards.shards(execution.getJobInstanceId()).stream()
                .filter(s -> s.state() == BatchShards.State.CREATING || s.state() == BatchShards.State.CREATED).toList();
        announce.accept(live.size());
        for (BatchShards.Shard shard : live) {
            Optional.ofNullable(shard.batchName()).or(() -> client.find(shard.displayName())).ifPresent(client::cancel);
        }
        return Optional.of(live.size());
    }

    /** The pilot selection (limit and globs) a run was started with, so that {@code restart} keeps it. */
    public CaptionRunner.Selection selectionOf(long executionId) {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        if (execution == null) {
            return CaptionRunner.Selection.ALL;
        }
        var parameters = execution.getJobParameters();
        Long limit = parameters.getLong(CaptionJobConfiguration.LIMIT);
        String include = parameters.getString(CaptionJobConfiguration.INCLUDE);
        String exclude = parameters.getString(CaptionJobConfiguration.EXCLUDE);
        return new CaptionRunner.Selection(limit == null ? 0 : limit, include == null ? "" : include, exclude == null ? "" : exclude);
    }

    /** The mode a run was started in (a restart keeps it; it does not leave again, it waits for its batches). */
    public CaptionRunner.Mode modeOf(long executionId) {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        boolean batch = execution != null && execution.getJobInstance().getJobName().equals(BatchJobConfiguration.JOB_NAME);
        return new CaptionRunner.Mode(batch, false, false);
    }

    private RunView view(RunRegistry.Run run) {
        JobExecution execution = jobRepository.getJobExecution(run.executionId());
        BatchStatus status = execution == null ? BatchStatus.UNKNOWN : execution.getStatus();
        String started = execution == null || execution.getStartTime() == null ? "" : TIME.format(execution.getStartTime());
        String ended = execution == null || execution.getEndTime() == null ? "" : TIME.format(execution.getEndTime());
        Double cost = execution == null ? null : results.runCost(run.instanceId(),
                prices.of(execution.getJobParameters().getString(CaptionJobConfiguration.MODEL)).isPresent());
        return new RunView(run.executionId(), run.runNumber(), run.input(), run.output(), status.name(), started, ended,
                results.countsByStatus(run.instanceId()), cost, run.host(), run.pid());
    }

    /** The runs of each job as a table. */
    public static List<String> table(Map<String, List<RunView>> jobs) {
        List<String> lines = new ArrayList<>();
        String format = "  %-6s %-4s %-10s %-19s %-19s %7s %6s %8s %7s %6s %10s  %s";
        for (Map.Entry<String, List<RunView>> job : jobs.entrySet()) {
            lines.add(job.getKey());
            lines.add(String.format(format, "ID", "RUN", "STATUS", "STARTED", "ENDED", "IMAGES", "OK", "REJECTED", "BLOCKED",
                    "FAILED", "COST", "HOST/PID"));
            for (RunView run : job.getValue()) {
                lines.add(String.format(format, run.executionId(), run.runNumber(), run.status(), run.started(), run.ended(),
                        run.rows(), run.counts().getOrDefault(RowStatus.OK, 0L), run.counts().getOrDefault(RowStatus.REJECTED, 0L),
                        run.counts().getOrDefault(RowStatus.BLOCKED, 0L), run.counts().getOrDefault(RowStatus.FAILED, 0L),
                        run.cost(), run.host() + "/" + run.pid()));
            }
        }
        return lines;
    }
}
