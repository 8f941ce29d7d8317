package io.gemcap.job;

import io.gemcap.events.PushbackTally;
import io.gemcap.events.RunEvents;
import io.gemcap.job.batch.BatchJobConfiguration;
import io.gemcap.jobdb.JobDatabaseConnection;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.report.RunResult;
import io.gemcap.report.RunSummary;
import io.gemcap.report.StopReason;
import io.gemcap.report.SummaryText;
import io.gemcap.gemini.Tokens;
import io.gemcap.usage.Budget;
import io.gemcap.usage.BudgetSettings;
import io.gemcap.usage.ImageTokens;
import io.gemcap.usage.Prices;
import io.gemcap.usage.Spend;
import java.math.BigDecimal;
import java.util.Optional;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;

/**
 * Launches the run {@link CaptionRunner} decided on: checks what it needs (a price for a budget, a key the service
 * takes; the check is paid, so it is reserved and settled like any call), starts the online or Batch Mode job with the run's parameters and its log file, stops it when asked, and
 * tells how it ended.
 */
public class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);
    /** A job database lost again and again (a server killed in a loop) ends the run, resumable, rather than looping. */
    private static final int RESUMES_AFTER_LOST_DATABASE = 3;
    private static final int ONE_TILE = 258;
    private static final int HIGHEST_MEDIA_RESOLUTION = 1120;

    private final JobOperator jobOperator;
    private final Job onlineJob;
    private final Job batchJob;
    private final RequestSettings gemini;
    private final GeminiCaptioner captioner;
    private final RunPrompts prompts;
    private final Prices prices;
    private final BudgetSettings budget;
    private final RunOwnerListener owner;
    private final RunSummaries summaries;
    private final Path logFolder;
    private final RunStop runStop;
    private final Duration callTimeout;
    private final JobRepository jobRepository;
    private final Spend spend;
    private final RunEvents events;
    private final OrphanedRuns orphans;

    /** @param callTimeout the longest one call may take ({@code gemcap.gemini.timeout}): what a stop may wait for */
    public RunLauncher(JobOperator jobOperator, Job onlineJob, Job batchJob, RequestSettings gemini, GeminiCaptioner captioner,
            RunPrompts prompts, Prices prices, BudgetSettings budget, RunOwnerListener owner, RunSummaries summaries, Path logFolder,
            RunStop runStop, Duration callTimeout, JobRepository jobRepository, Spend spend, RunEvents events) {
        this.events = events;
        this.runStop = runStop;
        this.callTimeout = callTimeout;
        this.jobRepository = jobRepository;
        this.spend = spend;
        this.jobOperator = jobOperator;
        this.orphans = new OrphanedRuns(jobOperator, jobRepository);
        this.onlineJob = onlineJob;
        this.batchJob = batchJob;
        this.gemini = gemini;
        this.captioner = captioner;
        this.prompts = prompts;
        this.prices = prices;
        this.budget = budget;
        this.owner = owner;
        this.summaries = summaries;
        this.logFolder = logFolder;
    }

    /**
     * Asks the run to stop (SIGTERM, Ctrl-C; safe to call from any thread). The first time, it drains: nothing new is sent
     * (no call, no retry, nothing waiting for the quota gate or the breaker), the calls in flight are waited for, up to their
     * time-out, and committed with the rows done, and the run ends STOPPED, to be resumed by the same command. Any later
     * time, it abandons: it waits for nothing more, commits what is done, and the calls it abandoned are paid again on
     * resume (which says so). A run not started yet is not started.
     *
     * @param signal the signal that asked ({@code TERM}, {@code INT}), to say what sending it again does
     * @return what happens now, for the person who asked
     */
    public String requestStop(String signal) {
        RunStop.Level level = runStop.escalate();
        JobExecution running = owner.current();
        boolean batch = false;
        if (running != null) {
            running.getExecutionContext().putString(StopReasons.SIGNALLED, "true");
            if (level == RunStop.Level.ABANDON) {
                running.getExecutionContext().putString(StopReasons.ABANDONED, "true");
            }
            // The caption step flags itself once its reader has seen the stop and added the calls in flight to the chunk it
            // is writing: flagged here, it could end at a chunk boundary with them still out. Other steps end at theirs.
            running.getStepExecutions().stream().filter(step -> step.getStatus().isRunning())
                    .filter(step -> !CaptionJobConfiguration.stopsItself(step.getStepName()))
                    .forEach(StepExecution::setTerminateOnly);
            batch = running.getJobInstance().getJobName().equals(BatchJobConfiguration.JOB_NAME);
        }
        return stopMessage(level, running != null, batch, captioner.policy().inFlight(), callTimeout, signal);
    }

    /** Whether a run of this process is going (its job started and has not ended). */
    public boolean running() {
        return owner.current() != null;
    }

    /** What a stop request does, as the line that tells the person who asked. */
    static String stopMessage(RunStop.Level level, boolean running, boolean batch, int inFlight, Duration callTimeout, String signal) {
        String quit = " (" + signal + " again to quit at once)";
        if (!running) {
            return (level == RunStop.Level.DRAIN ? "stopping before the run starts: nothing is sent" : "stopping") + quit;
        }
        if (batch) {
            return level == RunStop.Level.DRAIN
                    ? "stopping: nothing new is submitted; the request to the service under way (an upload, a batch's creation)"
                            + " is finished and recorded, then exit 4 (resume with the same command)" + quit
                    : "stopping now: a batch being created is found by its name on resume" + quit;
        }
        if (level == RunStop.Level.DRAIN) {
            return "stopping: nothing new is sent; waiting for the " + inFlight + " calls in flight (each up to its time-out, "
                    + callTimeout.toSeconds() + " s) and recording them, then exit 4 (resume with the same command) (" + signal
                    + " again to abandon them: a resume then pays for them again)";
        }
        return "abandoning the " + inFlight + " calls in flight: the rows done are committed, and a resume pays for those calls"
                + " again" + quit;
    }

    /**
     * Starts run {@code runNumber} of a job (or resumes it, when {@code identity} names an unfinished one) and waits
     * for it to end.
     */
    public RunResult launch(JobParameters identity, String input, String output, long runNumber, CaptionRunner.Launch launch) {
        if (budget.limited() && prices.of(gemini.model()).isEmpty()) {
            return RunResult.without(new StopReason.Configuration("no price"), "a budget needs the price of model " + gemini.model()
                    + ": add it under gemcap.prices in config/application.yml");
        }
        if (prices.of(gemini.model()).isEmpty()) {
            log.warn("gemcap: no price for model {} in gemcap.prices (config/application.yml): this run's cost is not shown",
                    gemini.model());
        }
        if (runStop.level() != RunStop.Level.NONE) {
            return stoppedBeforeStart(runNumber);
        }
        Optional<Prices.ModelPrice> price = prices.of(gemini.model());
        Budget checks = null;
        Spend.Reservation check = null;
        if (price.isPresent()) {
            JobInstance known = jobRepository.getJobInstance((launch.mode().batch() ? batchJob : onlineJob).getName(), identity);
            checks = new Budget(spend, known == null ? null : known.getInstanceId(), budget.limited());
            check = checks.reserve(0, Spend.Kind.CHECK, checkWorstCase(price.get()));
            if (check == null) {
                StopReason.Budget reached = new StopReason.Budget(checks.limit());
                return RunResult.without(reached, "run " + runNumber + " stopped at " + reached.what() + " before its start-up check: "
                        + checks.limit() + "; " + reached.resumeAdvice());
            }
        }
        try {
            Tokens reported = captioner.preflight();
            if (check != null) {
                checks.settle(check, reported == null || reported.prompt() == null ? check.worstCase()
                        : BigDecimal.valueOf(price.get().cost(count(reported.prompt()), count(reported.output()), count(reported.thought()))));
            }
        } catch (GeminiFatalException e) {
            if (check != null) {
                // Refused (a rejected key, an unknown model, a request the service will not take): not billed.
                checks.settle(check, BigDecimal.ZERO);
            }
            return RunResult.without(new StopReason.Configuration(e.getMessage()), e.getMessage());
        }
        if (runStop.level() != RunStop.Level.NONE) {
            return stoppedBeforeStart(runNumber);
        }
        RunParameters run = new RunParameters(identity.getString(RunParameters.JOB, RunRegistry.jobKey(input, output)), input, output,
                runNumber, gemini.model(), prompts.record(gemini.prompt()), gemini.canonical(), launch.force(), launch.selection(),
                launch.allowShrink(), launch.mode().detach(), launch.report().map(Path::toString).orElse(""), launch.partitioning());
        JobParameters parameters = run.toJobParameters(identity);
        String jobKey = run.jobKey();
        PushbackTally pushback = new PushbackTally();
        try (RunLog runLog = RunLog.open(logFolder, RunLog.name(jobKey, runNumber)); var tallied = events.subscribe(pushback)) {
            JobExecution execution;
            long lossesBefore = JobDatabaseConnection.losses();
            Job started = launch.mode().batch() ? batchJob : onlineJob;
            try {
                execution = startRecoveringUnregistered(started, parameters);
            } catch (JobExecutionAlreadyRunningException e) {
                return RunResult.without(new StopReason.Locked("another process"), "another run of this job started at the same"
                        + " moment: wait for it, or stop it with scripts/caption stop and its id (scripts/caption jobs)");
            } catch (Exception e) {
                return RunResult.without(new StopReason.Failed(e.getMessage(), true), "could not start run " + runNumber + ": "
                        + e.getMessage());
            }
            Job job = launch.mode().batch() ? batchJob : onlineJob;
            for (int resumed = 0; resumed < RESUMES_AFTER_LOST_DATABASE
                    && (execution.getStatus() == BatchStatus.FAILED || execution.getStatus() == BatchStatus.UNKNOWN)
                    && (JobDatabaseConnection.losses() > lossesBefore || JobDatabaseConnection.lostIn(execution.getAllFailureExceptions()));
                    resumed++) {
                lossesBefore = JobDatabaseConnection.losses();
                log.warn("gemcap: run {} lost its connection to the job database; resuming it from its last commit with the answers"
                        + " already paid for", runNumber);
                try {
                    execution = resumeAfterLostDatabase(job, parameters, execution);
                } catch (Exception e) {
                    return RunResult.without(new StopReason.Failed(e.getMessage(), true), "run " + runNumber + " lost its connection"
                            + " to the job database and could not resume: " + e.getMessage() + ": run the same command to resume");
                }
            }
            if (!launch.mode().batch()) {
                summaries.recordQuotaUse(execution, pushback);
            }
            RunSummary summary = summaries.of(execution);
            events.runEnded(summary);
            RunResult result = new RunResult(summary.reason(), endLine(summary, output), summary);
            runLog.summary("gemcap: " + result.message());
            return result;
        }
    }

    /**
     * Starts the run. An execution of it left STARTED by a process killed before it registered the run (in the moment
     * between the job repository's record and gemcap's) is no other run's: this process holds the output's lease, which
     * every run of the job takes first. It is marked failed and the run resumed, as the same command does after any kill.
     */
    private JobExecution startRecoveringUnregistered(Job job, JobParameters parameters) throws Exception {
        try {
            return jobOperator.start(job, parameters);
        } catch (JobExecutionAlreadyRunningException e) {
            JobExecution orphan = jobRepository.getLastJobExecution(job.getName(), RunParameters.identifying(parameters));
            if (orphan == null || !orphan.getStatus().isRunning() || owner.registered(orphan.getId())) {
                throw e;
            }
            log.info("Run {} was left unfinished by a process killed as it started: recovering it", orphan.getId());
            orphans.recover(orphan.getId());
            return jobOperator.start(job, parameters);
        }
    }

    /**
     * The same run started again in this process, as the same command would: after its last commit. An execution whose end
     * could not be recorded (the connection broke first) is marked failed before.
     */
    private JobExecution resumeAfterLostDatabase(Job job, JobParameters parameters, JobExecution failed) throws Exception {
        // As recorded: the in-memory execution may say more than the database kept. A step whose last commit's outcome was
        // unknown (the connection broke during it) is UNKNOWN, which Spring Batch will not restart; what the database holds
        // is the last commit, and the resume starts after it.
        JobExecution recorded = jobRepository.getJobExecution(failed.getId());
        if (recorded.getStatus() != BatchStatus.FAILED) {
            java.time.LocalDateTime now = java.time.LocalDateTime.now();
            for (StepExecution step : recorded.getStepExecutions()) {
                if (step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN) {
                    step.setStatus(BatchStatus.FAILED);
                    step.setExitStatus(org.springframework.batch.core.ExitStatus.FAILED);
                    step.setEndTime(now);
                    jobRepository.update(step);
                }
            }
            recorded.setStatus(BatchStatus.FAILED);
            recorded.setExitStatus(org.springframework.batch.core.ExitStatus.FAILED);
            recorded.setEndTime(now);
            jobRepository.update(recorded);
        }
        return jobOperator.start(job, parameters);
    }

    private static RunResult stoppedBeforeStart(long runNumber) {
        return RunResult.without(new StopReason.Signal(), "run " + runNumber + " stopped before it started: run the same command to"
                + " start it");
    }

    /**
     * The most gemcap's start-up check can cost: the run's prompt and its one-pixel image (one tile, or at a model that
     * counts by media resolution the highest count), with a tenth to spare, and the longest answer.
     */
    private BigDecimal checkWorstCase(Prices.ModelPrice price) {
        int image = gemini.mediaResolution() == null ? ONE_TILE : HIGHEST_MEDIA_RESOLUTION;
        long input = (long) Math.ceil((ImageTokens.text(gemini.prompt()) + image) * 1.1);
        return BigDecimal.valueOf(price.cost(input, gemini.longestAnswer(), 0));
    }

    private static long count(Integer tokens) {
        return tokens == null ? 0 : tokens;
    }

    /** The one line that says how the run ended and what to do next. */
    static String endLine(RunSummary summary, String output) {
        String account = SummaryText.account(summary);
        long run = summary.run();
        StopReason reason = summary.reason();
        if (reason instanceof StopReason.Completed) {
            return "run " + run + " completed: " + account + " -> " + output;
        }
        if (reason instanceof StopReason.Budget budget) {
            return "run " + run + " stopped at " + budget.what() + " (" + account + "): " + budget.limit() + "; " + budget.resumeAdvice();
        }
        if (reason instanceof StopReason.Detached detached && detached.batches() == 0) {
            return "run " + run + " submitted nothing (--detach; " + account + "): the batches of other runs of its quota pool fill the"
                    + " project's batch window (gemcap.batch.max-running, max-enqueued-tokens); run the same command later";
        }
        if (reason instanceof StopReason.Detached detached) {
            return "run " + run + " left " + detached.batches() + " batches with the service (--detach; " + account + "): run the same"
                    + " command to collect them";
        }
        if (reason instanceof StopReason.DailyQuota quota) {
            return "run " + run + " stopped (" + account + "): " + quota.message();
        }
        if (reason instanceof StopReason.Signal || reason instanceof StopReason.StopCommand) {
            return "run " + run + " stopped (" + account + "): run the same command to resume";
        }
        if (reason instanceof StopReason.Configuration configuration) {
            return "run " + run + " " + configuration.problem();
        }
        StopReason.Failed failed = (StopReason.Failed) reason;
        if (!failed.resumable()) {
            return "run " + run + " failed (" + account + "): " + failed.cause() + ", which is a bug in gemcap that running the"
                    + " same command would meet again: please report it with " + output + ".run.json; --restart-fresh starts the run"
                    + " over";
        }
        return "run " + run + " failed (" + account + "): " + failed.cause()
                + (failed.cause().contains("run the same command") ? "" : ": run the same command to resume");
    }
}
