package io.gemcap.job;

import io.gemcap.job.batch.BatchJobConfiguration;
import io.gemcap.job.batch.BatchShards;
import io.gemcap.gemini.BatchClient;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.output.ResultsTable;
import io.gemcap.report.RunResult;
import io.gemcap.report.StopReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Decides what {@code run} does for a job (an input and an output): resume the last run if it did not finish,
 * recovering it first if its process is gone; refuse if it is alive elsewhere or if the model or prompt changed;
 * otherwise start the next run. {@link RunLauncher} launches what it decides.
 */
public class CaptionRunner {

    private static final Logger log = LoggerFactory.getLogger(CaptionRunner.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final RunRegistry registry;
    private final ResultsTable results;
    private final RequestSettings gemini;
    private final RunLease lease;
    private final BatchShards batchShards;
    private final Supplier<BatchClient> batchClient;
    private final RunLauncher launcher;
    private final OrphanedRuns orphans;

    public CaptionRunner(JobOperator jobOperator, JobRepository jobRepository, RunRegistry registry, ResultsTable results,
            RequestSettings gemini, RunLease lease, BatchShards batchShards, Supplier<BatchClient> batchClient, RunLauncher launcher) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.registry = registry;
        this.results = results;
        this.gemini = gemini;
        this.lease = lease;
        this.batchShards = batchShards;
        this.batchClient = batchClient;
        this.launcher = launcher;
        this.orphans = new OrphanedRuns(jobOperator, jobRepository);
    }

    /** Stops the run in progress, one step further each time, as a signal asks ({@link RunLauncher#requestStop}). */
    public String requestStop(String signal) {
        return launcher.requestStop(signal);
    }

    /** Whether a run of this process is going (its job started and has not ended). */
    public boolean running() {
        return launcher.running();
    }

    /**
     * What a run is asked to do besides its input and output.
     *
     * @param force call for every image, ignoring the ledger, even when the model or prompt changed
     * @param selection a pilot run's limit and globs, or {@link Selection#ALL}
     * @param allowShrink publish the CSV even when this run found far fewer images than the last completed one
     * @param report the HTML report page the run's command writes when it ends, or empty for none
     * @param partitioning how the caption step splits the walk ({@code --partitions}, {@code --partition-size})
     */
    public record Launch(boolean force, Selection selection, boolean allowShrink, Mode mode, Optional<Path> report,
            RunParameters.Partitioning partitioning) {
    }

    /**
     * @param job the input and output, real and as spelled
     * @param restartFresh abandon an unfinished run of this job (or of another job writing the same output) instead of resuming it
     */
    public RunResult run(JobLocation job, boolean restartFresh, Launch launch) {
        RunLease.Result taken = lease.acquire(job.outputKey());
        if (taken.lease() == null) {
            RunLease.Holder holder = taken.heldBy();
            String execution = registry.lastRunsWriting(List.of(job.output(), job.spelledOutput())).stream().findFirst()
                    .map(run -> " (run " + run.runNumber() + ", id " + run.executionId() + ", " + run.input() + " -> " + run.output() + ")")
                    .orElse("");
            return RunResult.without(new StopReason.Locked(holder.host() + " pid " + holder.pid()), "another run writing "
                    + job.output() + execution + " is running on host " + holder.host() + ", pid " + holder.pid()
                    + ": wait for it, or stop it with scripts/caption stop ID");
        }
        try (RunLease.Held held = taken.lease()) {
            return runHoldingLease(job, restartFresh, launch);
        }
    }

    private RunResult runHoldingLease(JobLocation job, boolean restartFresh, Launch launch) {
        Mode mode = launch.mode();
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
                    return refused("run " + run.runNumber() + " of this job is unfinished and used " + changed.get()
                            + ": finish it with the same settings, or pass --restart-fresh to start over");
                }
                log.info("Resuming run {} of {} -> {}", run.runNumber(), run.input(), run.output());
                // The same identifying parameters resume the same run, whichever release or spelling started it.
                RunResult resumed = launcher.launch(RunParameters.identifying(previous.getJobParameters()), run.input(), run.output(), runNumber,
                        launch);
                if (mode.batch() && mode.detach() && resumed.reason() instanceof StopReason.Completed) {
                    // A nightly --detach line: last night's batches are collected and published; tonight's images go now.
                    RunResult next = runHoldingLease(job, false, launch);
                    return next.withMessage(resumed.message() + "; then " + next.message());
                }
                return resumed;
            }
            if (status == BatchStatus.COMPLETED && !launch.force()) {
                Optional<String> changed = changedSetting(previous.getJobParameters());
                if (changed.isPresent()) {
                    long again = results.countCaptioned(previous.getJobInstanceId());
                    return refused("the last run used " + changed.get() + ": this run would caption " + again
                            + " images again; pass --force to do so, or keep the model, prompt and settings");
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
        return launcher.launch(RunParameters.identity(job.key(), runNumber), job.input(), job.output(), runNumber, launch);
    }

    private static RunResult refused(String problem) {
        return RunResult.without(new StopReason.Configuration(problem), problem);
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
            return Optional.of(refused("--output " + job.output() + " belongs to the unfinished run " + other.runNumber() + " (id "
                    + other.executionId() + ") of " + other.input() + ": finish it with scripts/caption restart "
                    + other.executionId() + ", choose another --output, or pass --restart-fresh to abandon it"));
        }
        return Optional.empty();
    }

    /** The execution of a run; left STARTED by a process that is gone (this one holds the output's lease), it is marked FAILED first. */
    private JobExecution recoverIfOrphaned(RunRegistry.Run run) {
        JobExecution execution = jobRepository.getJobExecution(run.executionId());
        if (execution.getStatus().isRunning()) {
            log.info("Run {} was left unfinished by pid {} on {}, which is gone: recovering it", run.runNumber(), run.pid(), run.host());
            execution = orphans.recover(execution.getId());
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
        List<BatchShards.Shard> live = batchShards.live(previous.getJobInstanceId());
        if (live.isEmpty()) {
            return Optional.empty();
        }
        if (!mode.abandonBatches()) {
            return Optional.of(refused("run " + runNumber + " has " + live.size() + " batches with the service, paid for when they"
                    + " finish: run the same command to collect them, or add --abandon-batches to cancel them and start over"));
        }
        BatchShards.cancel(live, batchClient.get());
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

    private Optional<String> changedSetting(JobParameters recorded) {
        RunParameters previous = RunParameters.of(recorded);
        String model = previous.model();
        if (model != null && !model.equals(gemini.model())) {
            return Optional.of("model " + model + " (now " + gemini.model() + ")");
        }
        if (previous.promptSha256() != null && !previous.promptSha256().equals(RunPrompts.hash(gemini.prompt()))) {
            return Optional.of("a different prompt");
        }
        String settings = previous.requestSettings();
        if (!settings.equals(gemini.canonical())) {
            return Optional.of("other request settings: " + RequestSettings.describeChange(settings, gemini.canonical()));
        }
        return Optional.empty();
    }
}
