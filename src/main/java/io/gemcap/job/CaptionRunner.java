package io.gemcap.job;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.gemini.GeminiSettings;
import io.gemcap.output.ResultsTable;
import io.gemcap.policy.StorageUnavailableException;
import io.gemcap.output.RowStatus;
import io.gemcap.source.SkipCounts;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Decides what {@code run} does for a job (an input and an output) and does it: resume the last run
 * if it did not finish, recovering it first if its process is gone; refuse if it is alive elsewhere
 * or if the model or prompt changed; otherwise start the next run.
 */
public class CaptionRunner {

    private static final Logger log = LoggerFactory.getLogger(CaptionRunner.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;
    private final RunRegistry registry;
    private final ResultsTable results;
    private final GeminiSettings gemini;
    private final GeminiCaptioner captioner;
    private final RunOwnerListener owner;
    private final RunLease lease;

    public CaptionRunner(JobOperator jobOperator, JobRepository jobRepository, Job job, RunRegistry registry,
            ResultsTable results, GeminiSettings gemini, GeminiCaptioner captioner, RunOwnerListener owner,
            RunLease lease) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = job;
        this.registry = registry;
        this.results = results;
        this.gemini = gemini;
        this.captioner = captioner;
        this.owner = owner;
        this.lease = lease;
    }

    /**
     * Asks the run in progress to stop gracefully (SIGTERM, Ctrl-C): the rows of the chunk that are done
     * are committed, calls not done yet (in a backoff, waiting for the breaker or the pacer) are
     * abandoned, and the run ends STOPPED, to be resumed by the same command. Safe to call from any
     * thread; does nothing when no run is on.
     */
    public void requestStop() {
        JobExecution running = owner.current();
        if (running != null) {
            // Flag the running step itself: its reader sees it while it waits for a row, and the step at its chunk boundary.
            running.getStepExecutions().stream().filter(step -> step.getStatus().isRunning())
                    .forEach(StepExecution::setTerminateOnly);
        }
    }

    /**
     * @param input absolute input location
     * @param output absolute output path
     * @param restartFresh abandon an unfinished run instead of resuming it
     * @param force call for every image, ignoring the ledger, even when the model or prompt changed
     * @param selection a pilot run's limit and globs, or {@link Selection#ALL}
     */
    public RunResult run(String input, String output, boolean restartFresh, boolean force, Selection selection) {
        RunLease.Result taken = lease.acquire(RunRegistry.jobKey(input, output));
        if (taken.lease() == null) {
            RunLease.Holder holder = taken.heldBy();
            String execution = registry.lastRun(input, output).map(run -> " (run " + run.runNumber() + ", id " + run.executionId() + ")")
                    .orElse("");
            return new RunResult(ExitCode.LOCKED, "another run of this job" + execution + " is running on host " + holder.host()
                    + ", pid " + holder.pid() + ": wait for it, or stop it with scripts/caption stop ID");
        }
        try (RunLease.Held held = taken.lease()) {
            return runHoldingLease(input, output, restartFresh, force, selection);
        }
    }

    private RunResult runHoldingLease(String input, String output, boolean restartFresh, boolean force, Selection selection) {
        Optional<RunRegistry.Run> last = registry.lastRun(input, output);
        long runNumber = 1;
        if (last.isPresent()) {
            RunRegistry.Run run = last.get();
            JobExecution previous = jobRepository.getJobExecution(run.executionId());
            runNumber = run.runNumber();
            if (previous.getStatus().isRunning()) {
                // This process holds the job's lease, so no live run owns this execution: its process died.
                log.info("Run {} was left unfinished by pid {} on {}, which is gone: recovering it", run.runNumber(), run.pid(), run.host());
                previous = jobOperator.recover(previous);
            }
            BatchStatus status = previous.getStatus();
            boolean unfinished = status == BatchStatus.FAILED || status == BatchStatus.STOPPED;
            if (unfinished && !restartFresh) {
                Optional<String> changed = changedSetting(previous.getJobParameters());
                if (changed.isPresent()) {
                    return new RunResult(ExitCode.USAGE, "run " + run.runNumber() + " of this job is unfinished and used "
                            + changed.get() + ": finish it with the same settings, or pass --restart-fresh to start over");
                }
                log.info("Resuming run {} of {} -> {}", run.runNumber(), input, output);
            } else {
                if (status == BatchStatus.COMPLETED && !force) {
                    Optional<String> changed = changedSetting(previous.getJobParameters());
                    if (changed.isPresent()) {
                        long again = results.countCaptioned(previous.getJobInstanceId());
                        return new RunResult(ExitCode.USAGE, "the last run used " + changed.get() + ": this run would caption "
                                + again + " images again; pass --force to do so, or keep the model and prompt");
                    }
                }
                if (unfinished) {
                    log.info("Abandoning unfinished run {} (--restart-fresh)", run.runNumber());
                    try {
                        jobOperator.abandon(previous);
                    } catch (JobExecutionAlreadyRunningException e) {
                        throw new IllegalStateException("run " + run.runNumber() + " is still running", e);
                    }
                }
                runNumber++;
            }
        }
        return launch(input, output, runNumber, force, selection);
    }

    /** Which images a run takes: at most {@code limit} (0 for all) of those the globs select. */
    public record Selection(long limit, String include, String exclude) {
        public static final Selection ALL = new Selection(0, "", "");
    }

    private RunResult launch(String input, String output, long runNumber, boolean force, Selection selection) {
        try {
            captioner.preflight();
        } catch (GeminiFatalException e) {
            return new RunResult(ExitCode.USAGE, e.getMessage());
        }
        JobParameters parameters = new JobParametersBuilder()
                .addString(CaptionJobConfiguration.INPUT, input)
                .addString(CaptionJobConfiguration.OUTPUT, output)
                .addLong(CaptionJobConfiguration.RUN, runNumber)
                .addString(CaptionJobConfiguration.MODEL, gemini.model(), false)
                .addString(CaptionJobConfiguration.PROMPT, gemini.prompt(), false)
                .addString(CaptionJobConfiguration.FORCE, String.valueOf(force), false)
                .addLong(CaptionJobConfiguration.LIMIT, selection.limit(), false)
                .addString(CaptionJobConfiguration.INCLUDE, selection.include(), false)
                .addString(CaptionJobConfiguration.EXCLUDE, selection.exclude(), false)
                .toJobParameters();
        JobExecution execution;
        try {
            execution = jobOperator.start(job, parameters);
        } catch (JobExecutionAlreadyRunningException e) {
            return new RunResult(ExitCode.LOCKED, "another run of this job started at the same moment: " + e.getMessage());
        } catch (Exception e) {
            return new RunResult(ExitCode.FAILED, "could not start run " + runNumber + ": " + e.getMessage());
        }
        return result(execution, runNumber, output);
    }

    private RunResult result(JobExecution execution, long runNumber, String output) {
        String summary = summary(execution);
        BatchStatus status = execution.getStatus();
        RunResult.RunFigures figures = figures(execution, runNumber);
        if (status == BatchStatus.COMPLETED) {
            return new RunResult(ExitCode.COMPLETED, "run " + runNumber + " completed: " + summary + " -> " + output, figures);
        }
        Throwable cause = rootFailure(execution);
        if (status == BatchStatus.STOPPED) {
            String why = cause instanceof DailyQuotaExhaustedException ? cause.getMessage() : "run the same command to resume";
            return new RunResult(ExitCode.STOPPED, "run " + runNumber + " stopped (" + summary + "): " + why, figures);
        }
        if (cause instanceof GeminiFatalException fatal) {
            ExitCode code = fatal.reason() == GeminiFatalException.Cause.UNREACHABLE ? ExitCode.FAILED : ExitCode.USAGE;
            return new RunResult(code, "run " + runNumber + " stopped: " + fatal.getMessage(), figures);
        }
        String reason = cause == null || cause.getMessage() == null ? "status " + status
                : cause.getMessage().lines().findFirst().orElse("");
        return new RunResult(ExitCode.FAILED, "run " + runNumber + " failed (" + summary + "): " + reason
                + ": run the same command to resume", figures);
    }

    private RunResult.RunFigures figures(JobExecution execution, long runNumber) {
        long instance = execution.getJobInstanceId();
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        results.countsByStatus(instance).forEach((status, n) -> counts.put(status.label(), n));
        double seconds = execution.getStartTime() == null || execution.getEndTime() == null ? 0
                : Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis() / 1000.0;
        return new RunResult.RunFigures(runNumber, execution.getId(), execution.getStatus().name(),
                String.valueOf(execution.getStartTime()), String.valueOf(execution.getEndTime()), seconds, counts,
                results.countsBySource(instance), results.tokensPaid(instance));
    }

    private String summary(JobExecution execution) {
        Map<RowStatus, Long> counts = results.countsByStatus(execution.getJobInstanceId());
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder text = new StringBuilder().append(total).append(" images (").append(ProgressLog.describe(counts)).append(')');
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().equals(CaptionJobConfiguration.CAPTION_STEP)) {
                SkipCounts skipped = CallAheadItemReader.skipped(CaptionJobConfiguration.READER_NAME, step.getExecutionContext());
                if (skipped.total() > 0) {
                    text.append(", skipped ").append(skipped.hidden()).append(" hidden and ").append(skipped.otherTypes())
                            .append(" non-image files");
                    if (skipped.excluded() > 0) {
                        text.append(" and left out ").append(skipped.excluded()).append(" by --include/--exclude");
                    }
                }
            }
        }
        if (execution.getStartTime() != null && execution.getEndTime() != null) {
            Duration took = Duration.between(execution.getStartTime(), execution.getEndTime());
            text.append(String.format(" in %.1f s", took.toMillis() / 1000.0));
        }
        return text.toString();
    }

    private Optional<String> changedSetting(JobParameters previous) {
        String model = previous.getString(CaptionJobConfiguration.MODEL);
        if (model != null && !model.equals(gemini.model())) {
            return Optional.of("model " + model + " (now " + gemini.model() + ")");
        }
        String prompt = previous.getString(CaptionJobConfiguration.PROMPT);
        if (prompt != null && !prompt.equals(gemini.prompt())) {
            return Optional.of("a different prompt");
        }
        return Optional.empty();
    }

    private static Throwable rootFailure(JobExecution execution) {
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof GeminiFatalException || t instanceof DailyQuotaExhaustedException
                        || t instanceof StorageUnavailableException) {
                    return t;
                }
            }
        }
        var failures = execution.getAllFailureExceptions();
        if (failures.isEmpty()) {
            return null;
        }
        Throwable t = failures.get(0);
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
