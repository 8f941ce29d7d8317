package io.gemcap.job;

import io.gemcap.events.PushbackTally;
import io.gemcap.job.batch.BatchJobConfiguration;
import io.gemcap.job.batch.BatchRunTasklet;
import io.gemcap.job.batch.BatchShards;
import io.gemcap.output.ResultsTable;
import io.gemcap.report.RunSummary;
import io.gemcap.report.StopReason;
import io.gemcap.source.SkipCounts;
import io.gemcap.usage.Prices;
import io.gemcap.usage.Spend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Makes the one {@link RunSummary} of a run from the job database, for the end of a run and for {@code status},
 * {@code jobs} and {@code report}, in whatever process asks.
 */
public class RunSummaries {

    /** Job execution context: what the quota said while the execution ran ({@link PushbackTally}). */
    static final String RATE_LIMITED = "gemcap.quota.rateLimited";
    static final String RETRIES = "gemcap.quota.retries";
    private static final int EXAMPLES = 20;
    private static final int TOP_REASONS = 5;

    private final JobRepository jobRepository;
    private final RunRegistry registry;
    private final ResultsTable results;
    private final Prices prices;
    private final BatchShards batchShards;
    private final double batchPriceShare;
    private final Path logFolder;
    private final OutputStaging staging;
    private final Spend spend;

    /**
     * @param staging where a bucket output's CSV (and report) is built on this machine
     * @param spend what the runs' calls were billed
     */
    public RunSummaries(JobRepository jobRepository, RunRegistry registry, ResultsTable results, Prices prices, BatchShards batchShards,
            double batchPriceShare, Path logFolder, OutputStaging staging, Spend spend) {
        this.spend = spend;
        this.staging = staging;
        this.jobRepository = jobRepository;
        this.registry = registry;
        this.results = results;
        this.prices = prices;
        this.batchShards = batchShards;
        this.batchPriceShare = batchPriceShare;
        this.logFolder = logFolder;
    }

    /** The summary of the execution with this ID (as {@code jobs} shows it), if there is one. */
    public Optional<RunSummary> of(long executionId) {
        return registry.execution(executionId, jobRepository).map(this::of);
    }

    /** Each job (input and output) with the summaries of its last {@code perJob} executions, newest first. */
    public Map<String, List<RunSummary>> jobs(int perJob) {
        Map<String, List<RunSummary>> jobs = new LinkedHashMap<>();
        for (RunRegistry.Run run : registry.allRuns()) {
            List<RunSummary> runs = jobs.computeIfAbsent(run.input() + " -> " + run.output(), key -> new ArrayList<>());
            if (runs.size() < perJob) {
                of(run.executionId()).ifPresent(runs::add);
            }
        }
        return jobs;
    }

    /** Notes what the quota said during an execution, so later summaries (from any process) can show it. */
    void recordQuotaUse(JobExecution execution, PushbackTally use) {
        execution.getExecutionContext().putLong(RATE_LIMITED, use.rateLimited());
        execution.getExecutionContext().putLong(RETRIES, use.retries());
        jobRepository.updateExecutionContext(execution);
    }

    public RunSummary of(JobExecution execution) {
        long instance = execution.getJobInstanceId();
        RunParameters parameters = RunParameters.of(execution.getJobParameters());
        Optional<RunRegistry.Run> registered = registry.run(execution.getId());
        String input = registered.map(RunRegistry.Run::input).orElse(parameters.input());
        String output = registered.map(RunRegistry.Run::output).orElse(parameters.output());
        long runNumber = registered.map(RunRegistry.Run::runNumber).orElse(parameters.runNumber());
        boolean batch = execution.getJobInstance().getJobName().equals(BatchJobConfiguration.JOB_NAME);
        Map<String, Long> counts = new LinkedHashMap<>();
        results.countsByStatus(instance).forEach((status, n) -> counts.put(status.label(), n));
        Map<String, Long> sources = results.countsBySource(instance);
        Double cost = results.runCost(instance, prices.of(parameters.model()).isPresent());
        double seconds = execution.getStartTime() == null || execution.getEndTime() == null ? 0
                : Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis() / 1000.0;
        List<RunSummary.ReasonCount> reasons = results.topReasons(instance, TOP_REASONS).stream()
                .map(entry -> new RunSummary.ReasonCount(entry.getKey(), entry.getValue())).toList();
        StopReason reason = StopReasons.of(execution);
        SentAgain again = sentAgain(instance);
        // (read once: the job repository reads every step execution's context with them, 10,000 for a large run)
        List<JobExecution> executions = jobRepository.getJobExecutions(execution.getJobInstance());
        String jobKey = parameters.jobKey() == null ? RunRegistry.jobKey(input, output) : parameters.jobKey();
        Path log = logFolder.resolve(RunLog.name(jobKey, runNumber) + ".log");
        String local = staging.target(output).local().toString();
        RunSummary.Files files = new RunSummary.Files(output, parameters.reportPage(local).map(Path::toString).orElse(null),
                local + ".run.json", Files.exists(log) ? log.toString() : null);
        return new RunSummary(runNumber, execution.getId(), input, output, batch ? "batch" : "online", shownStatus(execution, registered),
                reason, time(execution.getStartTime()), time(execution.getEndTime()), seconds, counts, sources,
                skipped(execution).byReason(), results.tokensPaid(instance), cost, batch && cost != null ? cost / batchPriceShare : null,
                batch ? BatchShards.whereTheyAre(batchShards.shards(instance)) : Map.of(), quotaUse(executions, sources), reasons,
                again.afterCrash(), again.abandoned(), results.mended(instance, began(executions)),
                results.escapedPaths(instance, EXAMPLES), results.failures(instance, EXAMPLES), files,
                registered.map(RunRegistry.Run::host).orElse(""), registered.map(RunRegistry.Run::pid).orElse(0L),
                reason != null && reason.resumable() ? "scripts/caption restart " + execution.getId() : null,
                cost == null ? null : billed(instance));
    }

    private RunSummary.Billed billed(long instance) {
        Spend.Billed billed = spend.billed(instance);
        return new RunSummary.Billed(billed.usd().doubleValue(), billed.unsettled());
    }

    /** Calls a run paid twice, by how the earlier execution that had sent them ended. */
    private record SentAgain(long afterCrash, long abandoned) {
    }

    /**
     * The run's calls paid twice: those an earlier execution had sent and a second stop signal made it abandon, and the
     * rest (it was killed, or failed). A graceful stop leaves none: it commits the calls it waited for.
     */
    private SentAgain sentAgain(long instance) {
        long afterCrash = 0;
        long abandoned = 0;
        for (Map.Entry<Long, Long> sent : results.sentAgainByExecution(instance).entrySet()) {
            JobExecution earlier = jobRepository.getJobExecution(sent.getKey());
            if (earlier != null && earlier.getExecutionContext().containsKey(StopReasons.ABANDONED)) {
                abandoned += sent.getValue();
            } else {
                afterCrash += sent.getValue();
            }
        }
        return new SentAgain(afterCrash, abandoned);
    }

    /**
     * The run's status as its job execution has it, except that one left running by a process that is gone from this host
     * (kill -9, a crash) is DIED: it stays STARTED in the job repository until the same command recovers and resumes it.
     */
    static String shownStatus(JobExecution execution, Optional<RunRegistry.Run> registered) {
        return died(execution.getStatus(), registered) ? "DIED" : execution.getStatus().name();
    }

    /** Whether an execution in {@code status} is left running by a process gone from this host. */
    static boolean died(BatchStatus status, Optional<RunRegistry.Run> registered) {
        return status.isRunning() && registered.isPresent() && registered.get().host().equals(RunOwner.host())
                && !ProcessHandle.of(registered.get().pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** When the run's first execution was made. */
    private static java.time.LocalDateTime began(List<JobExecution> executions) {
        return executions.stream().map(JobExecution::getCreateTime)
                .filter(java.util.Objects::nonNull).min(java.util.Comparator.naturalOrder()).orElse(java.time.LocalDateTime.MIN);
    }

    /** The quota's pushback across the run's executions; in Batch Mode, the requests sent again count as retries. */
    private static RunSummary.QuotaUse quotaUse(List<JobExecution> executions, Map<String, Long> sources) {
        long rateLimited = 0;
        long retries = 0;
        long sentAgain = 0;
        for (JobExecution execution : executions) {
            var context = execution.getExecutionContext();
            rateLimited += context.getLong(RATE_LIMITED, 0L);
            retries += context.getLong(RETRIES, 0L);
            // (each execution's batch step carries the count of those before it)
            for (var step : execution.getStepExecutions()) {
                if (step.getStepName().equals(BatchJobConfiguration.RUN_STEP)) {
                    sentAgain = Math.max(sentAgain, step.getExecutionContext().getLong(BatchRunTasklet.SENT_AGAIN, 0L));
                }
            }
        }
        return new RunSummary.QuotaUse(sources.getOrDefault("call", 0L), rateLimited, retries + sentAgain);
    }

    /**
     * What the run's walk passed over: its walk step's (or Batch Mode's preparation's) last count, whichever execution
     * walked; runs of releases before the walk step counted in their caption step.
     */
    private SkipCounts skipped(JobExecution execution) {
        var instance = execution.getJobInstance();
        for (String walked : List.of(CaptionJobConfiguration.WALK_STEP, BatchJobConfiguration.PREPARE_STEP, CaptionJobConfiguration.CAPTION_STEP)) {
            var step = jobRepository.getLastStepExecution(instance, walked);
            if (step != null) {
                return CallAheadItemReader.skipped(CaptionJobConfiguration.READER_NAME, step.getExecutionContext());
            }
        }
        return SkipCounts.NONE;
    }

    private static String time(java.time.LocalDateTime time) {
        return time == null ? "" : time.toString();
    }
}
