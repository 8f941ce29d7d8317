package io.gemcap.job;

import io.gemcap.gemini.BatchClient;
import io.gemcap.gemini.DailyQuotaExhaustedException;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.output.ResultsTable;
import io.gemcap.policy.StorageUnavailableException;
import io.gemcap.output.RowStatus;
import io.gemcap.source.SkipCounts;
import io.gemcap.usage.BudgetSettings;
import io.gemcap.usage.Prices;
import java.time.Duration;
import java.util.List;
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
    private final Job batchJob;
    private final RunRegistry registry;
    private final ResultsTable results;
    private final RequestSettings gemini;
    private final GeminiCaptioner captioner;
    private final RunOwnerListener owner;
    private final RunLease lease;
    private final RunPrompts prompts;
    private final Prices prices;
    private final BudgetSettings budget;
    private final BatchShards batchShards;
    private final double batchPriceShare;
    private final java.nio.file.Path logFolder;
    private final java.util.function.Supplier<BatchClient> batchClient;

    public CaptionRunner(JobOperator jobOperator, JobRepository jobRepository, Job job, Job batchJob, RunRegistry registry,
            ResultsTable results, RequestSettings gemini, GeminiCaptioner captioner, RunOwnerListener owner,
            RunLease lease, RunPrompts prompts, Prices prices, BudgetSettings budget, BatchShards batchShards,
            java.util.function.Supplier<BatchClient> batchClient, double batchPriceShare, java.nio.file.Path logFolder) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = job;
        this.batchJob = batchJob;
        this.registry = registry;
        this.results = results;
        this.gemini = gemini;
        this.captioner = captioner;
        this.owner = owner;
        this.lease = lease;
        this.prompts = prompts;
        this.prices = prices;
        this.budget = budget;
        this.batchShards = batchShards;
        this.batchClient = batchClient;
        this.batchPriceShare = batchPriceShare;
        this.logFolder = logFolder;
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
     * @param job the input and output, real and as spelled
     * @param restartFresh abandon an unfinished run of this job (or of another job writing the same output) instead of resuming it
     * @param force call for every image, ignoring the ledger, even when the model or prompt changed
     * @param selection a pilot run's limit and globs, or {@link Selection#ALL}
     * @param allowShrink publish the CSV even when this run found far fewer images than the last completed one
     */
    public RunResult run(JobLocation job, boolean restartFresh, boolean force, Selection selection, boolean allowShrink, Mode mode) {
        RunLease.Result taken = lease.acquire(job.outputKey());
        if (taken.lease() == null) {
            RunLease.Holder holder = taken.heldBy();
            String execution = registry.lastRunsWriting(List.of(job.output(), job.spelledOutput())).stream().findFirst()
                    .map(run -> " (run " + run.runNumber() + ", id " + run.executionId() + ", " + run.input() + " -> " + run.output() + ")")
                    .orElse("");
            return new RunResult(ExitCode.LOCKED, "another run writing " + job.output() + execution + " is running on host "
                    + holder.host() + ", pid " + holder.pid() + ": wait for it, or stop it with scripts/caption stop ID");
        }
        try (RunLease.Held held = taken.lease()) {
            return runHoldingLease(job, restartFresh, force, selection, allowShrink, mode);
        }
    }

    private RunResult runHoldingLease(JobLocation job, boolean restartFresh, boolean force, Selection selection, boolean allowShrink,
            Mode mode) {
        Optional<RunResult> owned = refuseOutputOwnedByAnotherJob(job, restartFresh);
        if (owned.isPresent()) {
            return owned.get();
        }
        Optional<RunRegistry.Run> last = registry.lastRun(job);
        long runNumber = 1;
        if (last.isPresent()) {
            RunRegistry.Run run = last.get();
            JobExecution previous = recoverIfOrphaned(run);
            runNumber = run.runNumber();
            BatchStatus status = previous.getStatus();
            boolean unfinished = status == BatchStatus.FAILED || status == BatchStatus.STOPPED;
            if (unfinished && !restartFresh) {
                Optional<String> changed = changedSetting(previous.getJobParameters())
                        .or(() -> changedMode(previous, mode));
                if (changed.isPresent()) {
                    return new RunResult(ExitCode.USAGE, "run " + run.runNumber() + " of this job is unfinished and used "
                            + changed.get() + ": finish it with the same settings, or pass --restart-fresh to start over");
                }
                log.info("Resuming run {} of {} -> {}", run.runNumber(), run.input(), run.output());
                // The same identifying parameters resume the same run, whichever release or spelling started it.
                RunResult resumed = launch(identifying(previous.getJobParameters()), run.input(), run.output(), runNumber, force,
                        selection, mode, allowShrink);
                if (mode.batch() && mode.detach() && resumed.exitCode() == ExitCode.COMPLETED) {
                    // A nightly --detach line: last night's batches are collected and published; tonight's images go now.
                    RunResult next = runHoldingLease(job, false, force, selection, allowShrink, mode);
                    return new RunResult(next.exitCode(), resumed.message() + "; then " + next.message(), next.figures());
                }
                return resumed;
            }
            if (status == BatchStatus.COMPLETED && !force) {
                Optional<String> changed = changedSetting(previous.getJobParameters());
                if (changed.isPresent()) {
                    long again = results.countCaptioned(previous.getJobInstanceId());
                    return new RunResult(ExitCode.USAGE, "the last run used " + changed.get() + ": this run would caption "
                            + again + " images again; pass --force to do so, or keep the model, prompt and settings");
                }
            }
            if (unfinished) {
                Optional<RunResult> pending = settleBatches(previous, run.runNumber(), mode);
                if (pending.isPresent()) {
                    return pending.get();
                }
                log.info("Abandoning unfinished run {} (--restart-fresh)", run.runNumber());
                abandon(previous);
            }
            results.forgetCallIntents(previous.getJobInstanceId());
            runNumber++;
        }
        JobParameters identity = new JobParametersBuilder()
                .addString(CaptionJobConfiguration.JOB, job.key())
                .addLong(CaptionJobConfiguration.RUN, runNumber)
                .toJobParameters();
        return launch(identity, job.input(), job.output(), runNumber, force, selection, mode, allowShrink);
    }

    /**
     * Another job (another input) whose unfinished run writes this output owns it until that run is finished:
     * two jobs taking turns would each replace the other's CSV, and resuming the first would publish a file
     * that had lost the second's rows.
     */
    private Optional<RunResult> refuseOutputOwnedByAnotherJob(JobLocation job, boolean restartFresh) {
        for (RunRegistry.Run other : registry.lastRunsWriting(List.of(job.output(), job.spelledOutput()))) {
            String otherKey = RunRegistry.jobKey(other.input(), other.output());
            if (otherKey.equals(job.key()) || otherKey.equals(job.spelledKey())) {
                continue;
            }
            JobExecution execution = recoverIfOrphaned(other);
            BatchStatus status = execution.getStatus();
            if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
                continue;
            }
            if (restartFresh) {
                log.info("Abandoning unfinished run {} of {} -> {} (--restart-fresh): this job takes the output over",
                        other.runNumber(), other.input(), other.output());
                abandon(execution);
                continue;
            }
            return Optional.of(new RunResult(ExitCode.USAGE, "--output " + job.output() + " belongs to the unfinished run "
                    + other.runNumber() + " (id " + other.executionId() + ") of " + other.input() + ": finish it with scripts/caption"
                    + " restart " + other.executionId() + ", choose another --output, or pass --restart-fresh to abandon it"));
        }
        return Optional.empty();
    }

    /** The execution of a run; left STARTED by a process that is gone (this one holds the output's lease), it is marked FAILED first. */
    private JobExecution recoverIfOrphaned(RunRegistry.Run run) {
        JobExecution execution = jobRepository.getJobExecution(run.executionId());
        if (execution.getStatus().isRunning()) {
            log.info("Run {} was left unfinished by pid {} on {}, which is gone: recovering it", run.runNumber(), run.pid(), run.host());
            execution = jobOperator.recover(execution);
        }
        return execution;
    }

    private void abandon(JobExecution execution) {
        try {
            jobOperator.abandon(execution);
        } catch (JobExecutionAlreadyRunningException e) {
            throw new IllegalStateException("run " + execution.getId() + " is still running", e);
        }
    }

    /**
     * How a run calls the model: online (one call per image, now) or in Batch Mode (half the price, answered within a
     * day; with {@code detach}, the run leaves once its batches are submitted, for a later run to collect); with
     * {@code abandonBatches}, an unfinished run being abandoned has its batches cancelled first.
     */
    public record Mode(boolean batch, boolean detach, boolean abandonBatches) {
    }

    /**
     * Batches of a run about to be abandoned are paid for when they finish: they are cancelled first, and only when
     * asked ({@code --abandon-batches}); otherwise the run is not abandoned.
     */
    private Optional<RunResult> settleBatches(JobExecution previous, long runNumber, Mode mode) {
        List<BatchShards.Shard> live = batchShards.shards(previous.getJobInstanceId()).stream()
                .filter(s -> s.state() == BatchShards.State.CREATING || s.state() == BatchShards.State.CREATED).toList();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        if (!mode.abandonBatches()) {
            return Optional.of(new RunResult(ExitCode.USAGE, "run " + runNumber + " has " + live.size() + " batches with the service,"
                    + " paid for when they finish: run the same command to collect them, or add --abandon-batches to cancel them"
                    + " and start over"));
        }
        BatchClient client = batchClient.get();
        for (BatchShards.Shard shard : live) {
            Optional<String> name = Optional.ofNullable(shard.batchName()).or(() -> client.find(shard.displayName()));
            name.ifPresent(client::cancel);
        }
        log.info("Cancelled {} batches of run {} (--abandon-batches)", live.size(), runNumber);
        return Optional.empty();
    }

    /** An unfinished run resumes in the mode it started in: its batches, or its position in the walk, are only good there. */
    private static Optional<String> changedMode(JobExecution previous, Mode mode) {
        boolean wasBatch = previous.getJobInstance().getJobName().equals(BatchJobConfiguration.JOB_NAME);
        if (wasBatch == mode.batch()) {
            return Optional.empty();
        }
        return Optional.of((wasBatch ? "--mode batch" : "--mode online") + " (now " + (mode.batch() ? "batch" : "online") + ")");
    }

    /** Which images a run takes: at most {@code limit} (0 for all) of those the globs select. */
    public record Selection(long limit, String include, String exclude) {
        public static final Selection ALL = new Selection(0, "", "");
    }

    private static JobParameters identifying(JobParameters parameters) {
        JobParametersBuilder builder = new JobParametersBuilder();
        parameters.getIdentifyingParameters().forEach(builder::addJobParameter);
        return builder.toJobParameters();
    }

    private RunResult launch(JobParameters identity, String input, String output, long runNumber, boolean force, Selection selection,
            Mode mode, boolean allowShrink) {
        if (budget.limited() && prices.of(gemini.model()).isEmpty()) {
            return new RunResult(ExitCode.USAGE, "a budget needs the price of model " + gemini.model() + ": add it under gemcap.prices"
                    + " in config/application.yml");
        }
        if (prices.of(gemini.model()).isEmpty()) {
            log.warn("gemcap: no price for model {} in gemcap.prices (config/application.yml): this run's cost is not shown",
                    gemini.model());
        }
        try {
            captioner.preflight();
        } catch (GeminiFatalException e) {
            return new RunResult(ExitCode.USAGE, e.getMessage());
        }
        JobParametersBuilder builder = new JobParametersBuilder(identity);
        if (identity.getParameter(CaptionJobConfiguration.INPUT) == null) {
            // (A run of release 0.1 is identified by its input and output themselves.)
            builder.addString(CaptionJobConfiguration.INPUT, input, false).addString(CaptionJobConfiguration.OUTPUT, output, false);
        }
        JobParameters parameters = builder
                .addLong(CaptionJobConfiguration.RUN_NUMBER, runNumber, false)
                .addString(CaptionJobConfiguration.MODEL, gemini.model(), false)
                .addString(CaptionJobConfiguration.PROMPT_SHA256, prompts.record(gemini.prompt()), false)
                .addString(CaptionJobConfiguration.REQUEST_SETTINGS, gemini.canonical(), false)
                .addString(CaptionJobConfiguration.FORCE, String.valueOf(force), false)
                .addLong(CaptionJobConfiguration.LIMIT, selection.limit(), false)
                .addString(CaptionJobConfiguration.INCLUDE, selection.include(), false)
                .addString(CaptionJobConfiguration.EXCLUDE, selection.exclude(), false)
                .addString(CaptionJobConfiguration.ALLOW_SHRINK, String.valueOf(allowShrink), false)
                .addString(BatchJobConfiguration.DETACH, String.valueOf(mode.detach()), false)
                .toJobParameters();
        JobExecution execution;
        String jobKey = identity.getString(CaptionJobConfiguration.JOB, RunRegistry.jobKey(input, output));
        try (RunLog runLog = RunLog.open(logFolder, jobKey.substring(0, Math.min(12, jobKey.length())) + "-run" + runNumber)) {
            try {
                execution = jobOperator.start(mode.batch() ? batchJob : job, parameters);
            } catch (JobExecutionAlreadyRunningException e) {
                return new RunResult(ExitCode.LOCKED, "another run of this job started at the same moment: " + e.getMessage());
            } catch (Exception e) {
                return new RunResult(ExitCode.FAILED, "could not start run " + runNumber + ": " + e.getMessage());
            }
            RunResult result = result(execution, runNumber, output);
            runLog.summary("gemcap: " + result.message());
            return result;
        }
    }

    private RunResult result(JobExecution execution, long runNumber, String output) {
        SkipCounts skipped = skipped(execution);
        RunResult.RunFigures figures = figures(execution, runNumber, skipped);
        String summary = summary(figures, skipped);
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            return new RunResult(ExitCode.COMPLETED, "run " + runNumber + " completed: " + summary + " -> " + output, figures);
        }
        Throwable cause = rootFailure(execution);
        if (status == BatchStatus.STOPPED) {
            String budget = execution.getExecutionContext().containsKey(CaptionJobConfiguration.BUDGET_REACHED)
                    ? execution.getExecutionContext().getString(CaptionJobConfiguration.BUDGET_REACHED) : null;
            if (budget != null) {
                return new RunResult(ExitCode.STOPPED, "run " + runNumber + " stopped at its budget (" + summary + "): " + budget
                        + "; run the same command with a higher --budget to resume", figures);
            }
            if (execution.getExecutionContext().containsKey(BatchRunTasklet.DETACHED)) {
                return new RunResult(ExitCode.STOPPED, "run " + runNumber + " left " + execution.getExecutionContext()
                        .getLong(BatchRunTasklet.DETACHED) + " batches with the service (--detach; " + summary + "): run the same"
                        + " command to collect them", figures);
            }
            String why = cause instanceof DailyQuotaExhaustedException ? cause.getMessage() : "run the same command to resume";
            return new RunResult(ExitCode.STOPPED, "run " + runNumber + " stopped (" + summary + "): " + why, figures);
        }
        if (cause instanceof ShrinkGuard.RefusedException refused) {
            return new RunResult(ExitCode.USAGE, "run " + runNumber + " was not published: " + refused.getMessage(), figures);
        }
        if (cause instanceof GeminiFatalException fatal) {
            ExitCode code = fatal.reason() == GeminiFatalException.Cause.UNREACHABLE ? ExitCode.FAILED : ExitCode.USAGE;
            return new RunResult(code, "run " + runNumber + " stopped: " + fatal.getMessage(), figures);
        }
        String reason = cause == null || cause.getMessage() == null ? "status " + status
                : cause.getMessage().lines().findFirst().orElse("");
        if (cause instanceof org.springframework.dao.DataIntegrityViolationException
                || cause instanceof java.sql.SQLIntegrityConstraintViolationException) {
            // A rerun would meet it again: it is gemcap's bug, not the run's weather.
            return new RunResult(ExitCode.FAILED, "run " + runNumber + " failed (" + summary + ") on a row the job database already"
                    + " holds, which is a bug in gemcap: please report it with " + output + ".run.json (" + reason + ");"
                    + " --restart-fresh starts the run over", figures);
        }
        return new RunResult(ExitCode.FAILED, "run " + runNumber + " failed (" + summary + "): " + reason
                + ": run the same command to resume", figures);
    }

    private static final int EXAMPLES = 20;

    private RunResult.RunFigures figures(JobExecution execution, long runNumber, SkipCounts skipped) {
        long instance = execution.getJobInstanceId();
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        results.countsByStatus(instance).forEach((status, n) -> counts.put(status.label(), n));
        double seconds = execution.getStartTime() == null || execution.getEndTime() == null ? 0
                : Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis() / 1000.0;
        Map<String, Long> tokens = results.tokensPaid(instance);
        Double cost = results.runCost(instance, prices.of(execution.getJobParameters().getString(CaptionJobConfiguration.MODEL)).isPresent());
        boolean batch = execution.getJobInstance().getJobName().equals(BatchJobConfiguration.JOB_NAME);
        Double onlineCost = batch && cost != null ? cost / batchPriceShare : null;
        return new RunResult.RunFigures(runNumber, execution.getId(), execution.getStatus().name(), stoppedBy(execution),
                String.valueOf(execution.getStartTime()), String.valueOf(execution.getEndTime()), seconds, counts,
                results.countsBySource(instance), tokens, cost, onlineCost, skipped.byReason(), results.sentAgain(instance),
                results.escapedPaths(instance, EXAMPLES), results.failures(instance, EXAMPLES));
    }

    /** Why a stopped run stopped, for monitoring: {@code budget}, {@code daily-quota} or {@code stop} (a signal or the stop command). */
    private static String stoppedBy(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.STOPPED) {
            return null;
        }
        if (execution.getExecutionContext().containsKey(CaptionJobConfiguration.BUDGET_REACHED)) {
            return "budget";
        }
        return rootFailure(execution) instanceof DailyQuotaExhaustedException ? "daily-quota" : "stop";
    }

    private static SkipCounts skipped(JobExecution execution) {
        return execution.getStepExecutions().stream().filter(step -> step.getStepName().equals(CaptionJobConfiguration.CAPTION_STEP)
                || step.getStepName().equals(BatchJobConfiguration.PREPARE_STEP))
                .map(step -> CallAheadItemReader.skipped(CaptionJobConfiguration.READER_NAME, step.getExecutionContext()))
                .reduce(SkipCounts.NONE, (a, b) -> b);
    }

    /** The end line's account of a run, from the same figures as run.json. */
    private static String summary(RunResult.RunFigures figures, SkipCounts skipped) {
        long total = figures.counts().values().stream().mapToLong(Long::longValue).sum();
        Map<RowStatus, Long> counts = new java.util.EnumMap<>(RowStatus.class);
        figures.counts().forEach((label, n) -> counts.put(RowStatus.fromLabel(label), n));
        StringBuilder text = new StringBuilder().append(total).append(" images (").append(ProgressLog.describe(counts)).append(')');
        if (skipped.total() > 0) {
            text.append(", skipped ").append(skipped.hidden()).append(" hidden and ").append(skipped.otherTypes())
                    .append(" non-image files");
            if (skipped.excluded() > 0) {
                text.append(" and left out ").append(skipped.excluded()).append(" by --include/--exclude");
            }
            if (skipped.symlinkLoops() > 0) {
                text.append(", did not follow ").append(skipped.symlinkLoops()).append(" symlink loops");
            }
            if (skipped.unreadable() > 0) {
                text.append(", could not look at ").append(skipped.unreadable()).append(" entries (broken links, unreadable)");
            }
        }
        if (figures.costUsd() != null) {
            text.append(String.format(java.util.Locale.ROOT, ", cost $%.4f", figures.costUsd()));
            if (figures.onlineCostUsd() != null) {
                text.append(String.format(java.util.Locale.ROOT, " (online: $%.4f)", figures.onlineCostUsd()));
            }
        }
        if (figures.sentAgain() > 0) {
            text.append(", ").append(figures.sentAgain()).append(" paid twice after a crash (sent by a killed run before it could commit)");
        }
        List<String> escaped = figures.escapedNames().stream().limit(3).toList();
        if (!escaped.isEmpty()) {
            text.append(", names not UTF-8 written escaped (e.g. ").append(String.join(", ", escaped)).append(')');
        }
        if (figures.seconds() > 0) {
            text.append(String.format(" in %.1f s", figures.seconds()));
        }
        return text.toString();
    }

    private Optional<String> changedSetting(JobParameters previous) {
        String model = previous.getString(CaptionJobConfiguration.MODEL);
        if (model != null && !model.equals(gemini.model())) {
            return Optional.of("model " + model + " (now " + gemini.model() + ")");
        }
        // Runs of release 0.1 kept the prompt's text; later ones its hash.
        String promptHash = previous.getString(CaptionJobConfiguration.PROMPT_SHA256);
        String oldText = previous.getString(CaptionJobConfiguration.PROMPT);
        if (promptHash == null && oldText != null) {
            promptHash = RunPrompts.hash(oldText);
        }
        if (promptHash != null && !promptHash.equals(RunPrompts.hash(gemini.prompt()))) {
            return Optional.of("a different prompt");
        }
        // Runs before request settings were kept sent what release 0.1.0 sent.
        String settings = previous.getString(CaptionJobConfiguration.REQUEST_SETTINGS, RequestSettings.LEGACY);
        if (!settings.equals(gemini.canonical())) {
            return Optional.of("other request settings: " + RequestSettings.describeChange(settings, gemini.canonical()));
        }
        return Optional.empty();
    }

    private static Throwable rootFailure(JobExecution execution) {
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof GeminiFatalException || t instanceof DailyQuotaExhaustedException
                        || t instanceof StorageUnavailableException || t instanceof ShrinkGuard.RefusedException) {
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
