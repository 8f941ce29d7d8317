package io.gemcap.cli;

import io.gemcap.metrics.MetricsSettings;
import io.gemcap.metrics.RunMetrics;
import io.gemcap.gemini.BatchClient;
import io.gemcap.job.CaptionRunner;
import io.gemcap.report.ExitCode;
import io.gemcap.job.JobControl;
import io.gemcap.job.JobLocation;
import io.gemcap.job.RunRegistry;
import io.gemcap.job.OutputStaging;
import io.gemcap.job.RunReports;
import io.gemcap.report.ReportSettings;
import java.nio.file.Path;
import io.gemcap.report.RunResult;
import io.gemcap.report.RunSummary;
import io.gemcap.report.SummaryText;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs}, {@code status RUN}, {@code stop RUN}, {@code restart RUN}: the job database, read and acted on from any process. */
final class JobControlCommands {

    private JobControlCommands() {
    }

    /** Runs {@code action} against the job database; job control needs no key. */
    private static <T> T withJobControl(Function<JobControl, T> action) {
        try (ConfigurableApplicationContext context = SpringLauncher.startOnJobDatabase(null, Map.of())) {
            return action.apply(context.getBean(JobControl.class));
        }
    }

    /** A command about one run, named by the ID that {@code jobs} shows. */
    abstract static class OneRun implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN", description = "The run's ID.")
        long run;
    }

    static String noSuchRun(long run) {
        return "gemcap: no run with id " + run + " (see: scripts/caption jobs)";
    }

    /** What a command that calls the service says without a key: that the ID names no run, if it does not, comes first. */
    static String missingKey(long run) {
        return withJobControl(control -> control.status(run).isPresent()) ? "gemcap: " + ServiceOptions.MISSING_KEY : noSuchRun(run);
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "Each job (input -> output) and its last runs.")
    static final class Jobs implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--last", defaultValue = "5", paramLabel = "N", description = "Runs shown per job (default: ${DEFAULT-VALUE}).")
        int last;

        @Override
        public Integer call() {
            return withJobControl(control -> {
                var jobs = control.jobs(last);
                if (jobs.isEmpty()) {
                    spec.commandLine().getOut().println("No runs yet: scripts/caption run --input DIR --output FILE");
                }
                SummaryText.jobsTable(jobs, control.captioning(jobs)).forEach(spec.commandLine().getOut()::println);
                return ExitCode.COMPLETED.code();
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "One run, by the ID that `jobs` shows.")
    static final class Status extends OneRun {

        @Override
        public Integer call() {
            return withJobControl(control -> {
                Optional<RunSummary> summary = control.status(run);
                if (summary.isEmpty()) {
                    spec.commandLine().getErr().println(noSuchRun(run));
                    return ExitCode.USAGE.code();
                }
                SummaryText.details(summary.get()).forEach(spec.commandLine().getOut()::println);
                control.partitions(run).map(SummaryText::partitions).ifPresent(lines -> lines.forEach(spec.commandLine().getOut()::println));
                return ExitCode.COMPLETED.code();
            });
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Write the HTML report of a run, by ID (beside its CSV, or where --to says), from the job database.")
    static final class Report extends OneRun {

        @Option(names = "--to", paramLabel = "FILE", description = "The page to write, a .html file (default: where the run wrote"
                + " it, beside its CSV unless --report said otherwise). A page gemcap did not write is never replaced.")
        String to;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            if (to != null && ReportSettings.problem(to).isPresent()) {
                err.println("gemcap: --to " + ReportSettings.problem(to).get());
                return ExitCode.USAGE.code();
            }
            try (ConfigurableApplicationContext context = SpringLauncher.startOnJobDatabase(null, Map.of())) {
                Optional<RunSummary> summary = context.getBean(JobControl.class).status(run);
                if (summary.isEmpty()) {
                    err.println(noSuchRun(run));
                    return ExitCode.USAGE.code();
                }
                String given = to != null ? to : summary.get().files().report();
                if (given == null) {
                    err.println("gemcap: run " + summary.get().run() + " (id " + run + ") was started with --no-report: give the page"
                            + " with --to FILE");
                    return ExitCode.USAGE.code();
                }
                Path page;
                try {
                    page = Path.of(RunCommand.realFile(given, "report's"));
                } catch (IllegalArgumentException e) {
                    err.println("gemcap: " + e.getMessage() + " (choose another page with --to FILE)");
                    return ExitCode.USAGE.code();
                }
                Optional<String> problem = RunCommand.reportProblem(context, page, Path.of(summary.get().files().csv()));
                if (problem.isPresent()) {
                    err.println("gemcap: " + problem.get() + ": choose another page with --to FILE");
                    return ExitCode.USAGE.code();
                }
                try {
                    context.getBean(RunReports.class).write(summary.get(), page);
                } catch (java.io.IOException | RuntimeException e) {
                    err.println("gemcap: could not write " + page + ": " + GemcapMain.oneLine(e) + " (choose another place with --to)");
                    return ExitCode.FAILED.code();
                }
                spec.commandLine().getOut().println("gemcap: report of run " + summary.get().run() + " (id " + run + ") written to "
                        + page);
                return ExitCode.COMPLETED.code();
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Ask a running run (any process or host sharing the database) to stop: it sends nothing new, records the"
                    + " calls in flight (each within its time-out) and ends STOPPED.")
    static final class Stop extends OneRun {

        @ParentCommand
        GemcapMain parent;

        @Option(names = "--cancel", description = "Also cancel the run's batches at the service (Batch Mode); they are not paid for"
                + " then, and their images are sent again by a later run.")
        boolean cancel;

        @picocli.CommandLine.Mixin
        ServiceOptions gemini;

        @Override
        public Integer call() {
            if (cancel) {
                if (!gemini.canCall(parent.environment)) {
                    spec.commandLine().getErr().println(missingKey(run));
                    return ExitCode.USAGE.code();
                }
                try (ConfigurableApplicationContext context = gemini.start(parent.environment, Map.of())) {
                    Optional<Integer> cancelled = context.getBean(JobControl.class).cancelBatches(run, context.getBean(BatchClient.class),
                            count -> spec.commandLine().getOut().println("gemcap: cancelling " + count + " batches of run " + run));
                    if (cancelled.isEmpty()) {
                        spec.commandLine().getErr().println(noSuchRun(run));
                        return ExitCode.USAGE.code();
                    }
                    JobControl control = context.getBean(JobControl.class);
                    if (control.status(run).map(v -> v.status().equals("STARTED")).orElse(false)) {
                        control.stop(run);
                        spec.commandLine().getOut().println("gemcap: run " + run + " will stop within seconds");
                    }
                    return ExitCode.COMPLETED.code();
                }
            }
            return withJobControl(control -> {
                Optional<String> problem = control.stop(run);
                if (problem.isPresent()) {
                    spec.commandLine().getErr().println("gemcap: " + problem.get());
                    return ExitCode.USAGE.code();
                }
                spec.commandLine().getOut().println("gemcap: run " + run + " will stop within seconds: it sends nothing new, and"
                        + " commits the rows done with the calls in flight once they are answered");
                return ExitCode.COMPLETED.code();
            });
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Resume an unfinished run, by ID, with the limit and globs it was started with.")
    static final class Restart extends OneRun {

        @ParentCommand
        GemcapMain parent;

        @picocli.CommandLine.Mixin
        KeyOptions gemini;

        @picocli.CommandLine.Mixin
        MetricsOptions metricsOptions;

        @Override
        public Integer call() {
            if (!gemini.canCall(parent.environment)) {
                spec.commandLine().getErr().println(missingKey(run));
                return ExitCode.USAGE.code();
            }
            if (metricsOptions.problem().isPresent()) {
                spec.commandLine().getErr().println("gemcap: " + metricsOptions.problem().get());
                return ExitCode.USAGE.code();
            }
            Map<String, String> metrics = new java.util.HashMap<>();
            metricsOptions.putInto(metrics);
            try (ConfigurableApplicationContext context = gemini.start(parent.environment, metrics)) {
                Optional<RunRegistry.Run> recorded = context.getBean(RunRegistry.class).run(run);
                if (recorded.isEmpty()) {
                    spec.commandLine().getErr().println(noSuchRun(run));
                    return ExitCode.USAGE.code();
                }
                JobControl control = context.getBean(JobControl.class);
                Path csv = context.getBean(OutputStaging.class).target(recorded.get().output()).local();
                Optional<Path> page = control.reportOf(run);
                Optional<String> pageProblem = page.flatMap(file -> RunCommand.reportProblem(context, file, csv));
                if (pageProblem.isPresent()) {
                    spec.commandLine().getErr().println("gemcap: " + pageProblem.get() + ": move it away, or run the job with"
                            + " --report FILE or --no-report");
                    return ExitCode.USAGE.code();
                }
                Optional<String> metricsProblem = RunCommand.metricsFileProblem(context.getBean(MetricsSettings.class), csv, page);
                if (metricsProblem.isPresent()) {
                    spec.commandLine().getErr().println("gemcap: " + metricsProblem.get());
                    return ExitCode.USAGE.code();
                }
                try {
                    context.getBean(RunMetrics.class).open(MetricsSettings.stem(recorded.get().output()));
                } catch (IllegalArgumentException e) {
                    spec.commandLine().getErr().println("gemcap: " + e.getMessage());
                    return ExitCode.USAGE.code();
                }
                CaptionRunner runner = context.getBean(CaptionRunner.class);
                // SIGTERM and Ctrl-C stop a restarted run as they stop `run`: the calls in flight are recorded first.
                GracefulStop stop = new GracefulStop();
                stop.install(runner::requestStop, context.getBean(io.gemcap.job.JobSettings.class).stopGrace(), runner::running);
                RunResult ran;
                try {
                    ran = runner.run(JobLocation.of(recorded.get().input(), recorded.get().output()), false,
                            new CaptionRunner.Launch(false, control.selectionOf(run), false, control.modeOf(run), page,
                                    context.getBean(io.gemcap.job.JobSettings.class).partitioning()));
                } finally {
                    stop.done();
                }
                // Whatever a server echoed (a gateway may repeat the key) is not shown, as with run.
                RunResult result = gemini.key(parent.environment).map(key -> ran.withMessage(key.redact(ran.message()))).orElse(ran);
                RunCommand.Ending ending = RunCommand.end(context, result, page, spec.commandLine().getOut(), spec.commandLine().getErr());
                RunCommand.record(csv, ending, ending.exit(), "scripts/caption restart " + run, spec.commandLine().getErr());
                return ending.exit().code();
            }
        }
    }
}
