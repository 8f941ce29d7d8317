package io.gemcap.job;

import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.policy.CallPolicy;
import io.gemcap.report.RunResult;
import io.gemcap.report.RunSummary;
import io.gemcap.report.StopReason;
import io.gemcap.report.SummaryText;
import io.gemcap.usage.BudgetSettings;
import io.gemcap.usage.Prices;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;

/**
 * Launches the run {@link CaptionRunner} decided on: checks what it needs (a price for a budget, a key the service
 * takes), starts the online or Batch Mode job with the run's parameters and its log file, stops it when asked, and
 * tells how it ended.
 */
public class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

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

    public RunLauncher(JobOperator jobOperator, Job onlineJob, Job batchJob, RequestSettings gemini, GeminiCaptioner captioner,
            RunPrompts prompts, Prices prices, BudgetSettings budget, RunOwnerListener owner, RunSummaries summaries, Path logFolder) {
        this.jobOperator = jobOperator;
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
     * Asks the run in progress to stop gracefully (SIGTERM, Ctrl-C): the rows of the chunk that are done
     * are committed, calls not done yet (in a backoff, waiting for the breaker or the pacer) are
     * abandoned, and the run ends STOPPED, to be resumed by the same command. Safe to call from any
     * thread; does nothing when no run is on.
     */
    public void requestStop() {
        JobExecution running = owner.current();
        if (running != null) {
            running.getExecutionContext().putString(StopReasons.SIGNALLED, "true");
            // Flag the running step itself: its reader sees it while it waits for a row, and the step at its chunk boundary.
            running.getStepExecutions().stream().filter(step -> step.getStatus().isRunning())
                    .forEach(StepExecution::setTerminateOnly);
        }
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
        try {
            captioner.preflight();
        } catch (GeminiFatalException e) {
            return RunResult.without(new StopReason.Configuration(e.getMessage()), e.getMessage());
        }
        JobParametersBuilder builder = new JobParametersBuilder(identity);
        if (identity.getParameter(CaptionJobConfiguration.INPUT) == null) {
            // (A run of release 0.1 is identified by its input and output themselves.)
            builder.addString(CaptionJobConfiguration.INPUT, input, false).addString(CaptionJobConfiguration.OUTPUT, output, false);
        }
        CaptionRunner.Selection selection = launch.selection();
        JobParameters parameters = builder
                .addLong(CaptionJobConfiguration.RUN_NUMBER, runNumber, false)
                .addString(CaptionJobConfiguration.MODEL, gemini.model(), false)
                .addString(CaptionJobConfiguration.PROMPT_SHA256, prompts.record(gemini.prompt()), false)
                .addString(CaptionJobConfiguration.REQUEST_SETTINGS, gemini.canonical(), false)
                .addString(CaptionJobConfiguration.FORCE, String.valueOf(launch.force()), false)
                .addLong(CaptionJobConfiguration.LIMIT, selection.limit(), false)
                .addString(CaptionJobConfiguration.INCLUDE, selection.include(), false)
                .addString(CaptionJobConfiguration.EXCLUDE, selection.exclude(), false)
                .addString(CaptionJobConfiguration.ALLOW_SHRINK, String.valueOf(launch.allowShrink()), false)
                .addString(BatchJobConfiguration.DETACH, String.valueOf(launch.mode().detach()), false)
                .addString(CaptionJobConfiguration.REPORT, launch.report().map(Path::toString).orElse(""), false)
                .toJobParameters();
        String jobKey = identity.getString(CaptionJobConfiguration.JOB, RunRegistry.jobKey(input, output));
        CallPolicy.QuotaUse before = launch.mode().batch() ? null : captioner.policy().quotaUse();
        try (RunLog runLog = RunLog.open(logFolder, RunLog.name(jobKey, runNumber))) {
            JobExecution execution;
            try {
                execution = jobOperator.start(launch.mode().batch() ? batchJob : onlineJob, parameters);
            } catch (JobExecutionAlreadyRunningException e) {
                return RunResult.without(new StopReason.Locked(e.getMessage()), "another run of this job started at the same moment: "
                        + e.getMessage());
            } catch (Exception e) {
                return RunResult.without(new StopReason.Failed(e.getMessage(), true), "could not start run " + runNumber + ": "
                        + e.getMessage());
            }
            if (before != null) {
                summaries.recordQuotaUse(execution, captioner.policy().quotaUse().since(before));
            }
            RunSummary summary = summaries.of(execution);
            RunResult result = new RunResult(summary.reason(), endLine(summary, output), summary);
            runLog.summary("gemcap: " + result.message());
            return result;
        }
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
            return "run " + run + " stopped at its budget (" + account + "): " + budget.limit()
                    + "; run the same command with a higher --budget to resume";
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
