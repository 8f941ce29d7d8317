package io.gemcap.cli;

import io.gemcap.jobdb.JobDatabaseServer;
import io.gemcap.job.CaptionRunner;
import io.gemcap.metrics.MetricsSettings;
import io.gemcap.metrics.RunMetrics;
import io.gemcap.report.ExitCode;
import io.gemcap.job.JobLocation;
import io.gemcap.job.OutputStaging;
import io.gemcap.job.RunReports;
import io.gemcap.output.CaptionCsv;
import io.gemcap.report.ReportSettings;
import io.gemcap.report.RunJson;
import io.gemcap.report.RunResult;
import io.gemcap.report.StopReason;
import io.gemcap.report.SummaryText;
import io.gemcap.output.OutputTarget;
import io.gemcap.source.BucketUri;
import io.gemcap.source.Buckets;
import io.gemcap.source.FolderImageSource;
import io.gemcap.source.StorageAccessException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caption run}: caption a folder or bucket prefix into a CSV, resuming the job's unfinished run if there is one. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Caption every image under --input (a folder, s3:// or gs://) into the CSV --output.",
                "The same command resumes an unfinished run of the same input and output; after a completed run it starts the next one."},
        footer = {"", "Exit codes: 0 completed, 1 failed (resumable), 2 usage or configuration error,",
                "3 another run of this job is running, 4 stopped (resumable)."})
final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ParentCommand
    GemcapMain parent;

    @Option(names = "--input", required = true, paramLabel = "DIR|URI",
            description = "Folder of images, walked recursively, or a bucket prefix: s3://bucket/prefix, gs://bucket/prefix.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE|URI",
            description = "CSV to write, replaced only when the run completes; an s3:// or gs:// object is uploaded then.")
    String output;

    @Option(names = "--restart-fresh", description = "Abandon an unfinished run of this job and start over.")
    boolean restartFresh;

    @Option(names = "--force", description = "Caption every image again, even those the ledger knows (and with a changed model or prompt).")
    boolean force;

    @Option(names = "--allow-shrink", description = "Publish the CSV even if this run found under half the images of the last"
            + " completed one (by default such a run is refused: an unmounted share or a wrong prefix would replace a full CSV).")
    boolean allowShrink;

    @Option(names = "--limit", paramLabel = "N", description = "Pilot run: take at most N images.")
    long limit;

    @Option(names = "--include", paramLabel = "GLOB", split = FolderImageSource.GLOB_SEPARATOR, splitSynopsisLabel = ",",
            description = "Take only images whose path or name matches (e.g. '*.jpg', '2024/**', '*.{jpg,png}'); repeatable, or"
                    + " comma-separated.")
    List<String> include = new java.util.ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", split = FolderImageSource.GLOB_SEPARATOR, splitSynopsisLabel = ",",
            description = "Leave out images whose path or name matches; repeatable, or comma-separated.")
    List<String> exclude = new java.util.ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "N", description = "Calls in flight (default: from the quota and the latency observed).")
    Integer concurrency;

    @Option(names = "--partitions", paramLabel = "N", description = "Split the walked images into N partitions and caption N at"
            + " once, as threads of this process (default: partitions of gemcap.job.partition-size images, one at a time). On a"
            + " PostgreSQL job database, `worker` processes on any host take partitions too.")
    Integer partitions;

    @Option(names = "--no-local-work", description = "On a PostgreSQL job database: leave every partition to `worker` processes;"
            + " this process only sends them, waits and publishes.")
    boolean noLocalWork;

    @Option(names = "--partition-size", paramLabel = "K", description = "Split the walked images into partitions of K images"
            + " (gemcap.job.partition-threads of them at once).")
    Integer partitionSize;

    @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute of your quota (0: none).")
    Integer rpm;

    @Option(names = "--tpm", paramLabel = "N", description = "Input tokens per minute of your quota (0: none).")
    Long tpm;

    @Option(names = "--rpd", paramLabel = "N", description = "Requests per day of the quota pool, all its gemcap processes together, from midnight Pacific time (0: none).")
    Long rpd;

    @Option(names = "--mode", paramLabel = "MODE", description = "online (a call per image, now) or batch (Gemini's Batch Mode: half"
            + " the price, answered within a day; the same CSV). Default: online.")
    String mode = "online";

    @Option(names = "--detach", description = "With --mode batch: submit the batches and leave (exit 4); the same command later"
            + " collects them, and then submits the images new since.")
    boolean detach;

    @Option(names = "--sidecars", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
            description = "When the run completes, write each caption to <stem>.txt beside its image (or under DIR, mirroring the"
                    + " input; a bucket input needs DIR). A .txt gemcap did not write is left alone unless --force.")
    String sidecars;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the run's HTML report to FILE, a .html page (default:"
            + " beside the CSV, captions.html for captions.csv). A page gemcap did not write is never replaced.")
    String report;

    @Option(names = "--no-report", description = "Write no HTML report.")
    boolean noReport;

    @Option(names = "--sidecar-field", paramLabel = "PROPERTY", description = "With a schema: the property each sidecar holds"
            + " (e.g. long), instead of the whole JSON.")
    String sidecarField;

    @Option(names = "--abandon-batches", description = "With --restart-fresh: cancel the unfinished run's batches (paid for when"
            + " they finish) and start over.")
    boolean abandonBatches;

    @Option(names = "--budget", paramLabel = "USD", description = "The most this run may cost, across its resumes; it stops"
            + " (exit 4) before a call that could pass it, and resumes with a higher --budget (default from config: none).")
    java.math.BigDecimal budget;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    KeyOptions gemini;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        Optional<String> negative = negativeFlag();
        if (negative.isPresent()) {
            err.println("gemcap: " + negative.get() + " cannot be negative (see: scripts/caption run --help)");
            return ExitCode.USAGE.code();
        }
        if (budget != null && budget.signum() == 0) {
            err.println("gemcap: --budget 0 would allow no call: give the most the run may cost in USD, or leave it out for no budget");
            return ExitCode.USAGE.code();
        }
        if (!mode.equals("online") && !mode.equals("batch")) {
            err.println("gemcap: --mode is online or batch, not '" + mode + "' (see: scripts/caption run --help)");
            return ExitCode.USAGE.code();
        }
        if (detach && !mode.equals("batch")) {
            err.println("gemcap: --detach goes with --mode batch (an online run has no batches to leave behind)");
            return ExitCode.USAGE.code();
        }
        if (sidecarField != null && sidecars == null) {
            err.println("gemcap: --sidecar-field goes with --sidecars (it names what each sidecar holds)");
            return ExitCode.USAGE.code();
        }
        if (sidecars != null && sidecars.isEmpty() && BucketUri.parse(input).isPresent()) {
            err.println("gemcap: --sidecars needs a DIR for a bucket input (gemcap writes no objects into your bucket)");
            return ExitCode.USAGE.code();
        }
        if (partitions != null && partitionSize != null) {
            err.println("gemcap: --partitions and --partition-size exclude each other (a number of partitions, or their size)");
            return ExitCode.USAGE.code();
        }
        if ((partitions != null && partitions <= 0) || (partitionSize != null && partitionSize <= 0)) {
            err.println("gemcap: " + (partitions != null ? "--partitions" : "--partition-size") + " must be at least 1 (see:"
                    + " scripts/caption run --help)");
            return ExitCode.USAGE.code();
        }
        if (report != null && noReport) {
            err.println("gemcap: --report and --no-report exclude each other");
            return ExitCode.USAGE.code();
        }
        if (report != null && ReportSettings.problem(report).isPresent()) {
            err.println("gemcap: --report " + ReportSettings.problem(report).get());
            return ExitCode.USAGE.code();
        }
        if (mode.equals("batch") && gemini.vertex(parent.environment)) {
            err.println("gemcap: --mode batch calls the Gemini API's Batch Mode; Vertex AI's batch prediction is not supported:"
                    + " run Vertex AI online, or use an API key for Batch Mode");
            return ExitCode.USAGE.code();
        }
        if (input.isBlank() || output.isBlank()) {
            err.println("gemcap: " + (input.isBlank() ? "--input" : "--output") + " is empty (see: scripts/caption run --help)");
            return ExitCode.USAGE.code();
        }
        Optional<BucketUri> inputBucket = BucketUri.parse(input);
        Optional<BucketUri> outputBucket = BucketUri.parse(output);
        String nameEncoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (inputBucket.isEmpty() && !nameEncoding.equalsIgnoreCase("UTF-8")) {
            err.println("gemcap: this Java reads file names as " + nameEncoding + ", so names with accents would not open: run"
                    + " it under a UTF-8 locale (LC_ALL=C.UTF-8, as scripts/caption does)");
            return ExitCode.USAGE.code();
        }
        JobLocation job;
        try {
            job = new JobLocation(inputBucket.map(BucketUri::toString).orElseGet(() -> realFolder(input)),
                    outputBucket.map(BucketUri::toString).orElseGet(() -> realFile(output, "output")),
                    inputBucket.map(BucketUri::toString).orElseGet(() -> absolute(input)),
                    outputBucket.map(BucketUri::toString).orElseGet(() -> absolute(output)));
        } catch (IllegalArgumentException e) {
            err.println("gemcap: " + e.getMessage());
            return ExitCode.USAGE.code();
        }
        Optional<String> outputProblem = outputBucket.isPresent() ? OutputTarget.problem(outputBucket.get())
                : outputProblem(Path.of(job.output()), inputBucket.isPresent() ? null : Path.of(job.input()));
        if (outputProblem.isPresent()) {
            err.println("gemcap: " + outputProblem.get());
            return ExitCode.USAGE.code();
        }
        if (!gemini.canCall(parent.environment)) {
            err.println("gemcap: " + ServiceOptions.MISSING_KEY);
            return ExitCode.USAGE.code();
        }
        Optional<String> templateProblem = gemini.templateProblem();
        if (templateProblem.isPresent()) {
            err.println("gemcap: " + templateProblem.get());
            return ExitCode.USAGE.code();
        }
        if (inputBucket.isEmpty() && gemini.metadata != null) {
            Optional<String> unmatched = metadataMatches(Path.of(job.input()), out);
            if (unmatched.isPresent()) {
                err.println("gemcap: " + unmatched.get());
                return ExitCode.USAGE.code();
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        putIfSet(properties, "gemcap.limits.concurrency", concurrency);
        putIfSet(properties, "gemcap.job.partitions", partitions);
        putIfSet(properties, "gemcap.job.partition-size", partitionSize);
        if (noLocalWork) {
            properties.put("gemcap.job.local-work", "false");
        }
        putIfSet(properties, "gemcap.limits.rpm", rpm);
        putIfSet(properties, "gemcap.limits.tpm", tpm);
        putIfSet(properties, "gemcap.limits.rpd", rpd);
        putIfSet(properties, "gemcap.budget.usd", budget);
        if (noReport) {
            properties.put("gemcap.report.enabled", "false");
        }
        if (report != null) {
            properties.put("gemcap.report.page", absolute(report));
        }
        if (metrics.problem().isPresent()) {
            err.println("gemcap: " + metrics.problem().get());
            return ExitCode.USAGE.code();
        }
        metrics.putInto(properties);
        properties.put("gemcap.metrics.default-job", MetricsSettings.stem(job.output()));
        GracefulStop stop = new GracefulStop();
        try {
            FolderImageSource.globs(include, exclude);
        } catch (IllegalArgumentException e) {
            err.println("gemcap: bad --include/--exclude glob: " + e.getMessage().lines().findFirst().orElse(""));
            return ExitCode.USAGE.code();
        }
        try (ConfigurableApplicationContext context = gemini.start(parent.environment, properties)) {
            Buckets buckets = context.getBean(Buckets.class);
            inputBucket.ifPresent(buckets::checkAccess);
            outputBucket.ifPresent(buckets::checkAccess);
            if (sidecarField != null) {
                var schema = context.getBean(io.gemcap.gemini.RequestSettings.class).schema();
                if (schema == null || !schema.properties().contains(sidecarField)) {
                    err.println("gemcap: --sidecar-field " + sidecarField + " names no property of the run's schema"
                            + (schema == null ? " (it has none: give --schema or a --task with one)"
                                    : " (" + String.join(", ", schema.properties()) + ")"));
                    return ExitCode.USAGE.code();
                }
            }
            if (noLocalWork && io.gemcap.jobdb.Dialect.of(context.getBean(javax.sql.DataSource.class)) != io.gemcap.jobdb.Dialect.POSTGRESQL) {
                err.println("gemcap: --no-local-work needs the team's PostgreSQL job database, where `worker` processes take the"
                        + " partitions (SPRING_DATASOURCE_URL=jdbc:postgresql://...); on H2 a run captions its partitions itself");
                return ExitCode.USAGE.code();
            }
            Path csv = context.getBean(OutputStaging.class).target(job.output()).local();
            Optional<Path> page;
            try {
                page = context.getBean(ReportSettings.class).pageFor(csv).map(file -> Path.of(realFile(file.toString(), "report's")));
            } catch (IllegalArgumentException e) {
                err.println("gemcap: " + e.getMessage() + " (give the report another place with --report FILE, or pass --no-report)");
                return ExitCode.USAGE.code();
            }
            Optional<String> pageProblem = page.flatMap(file -> reportProblem(context, file, csv));
            if (pageProblem.isPresent()) {
                err.println("gemcap: " + pageProblem.get() + ": give the report another place with --report FILE, or pass --no-report");
                return ExitCode.USAGE.code();
            }
            Optional<String> metricsProblem = metricsFileProblem(context.getBean(MetricsSettings.class), csv, page);
            if (metricsProblem.isPresent()) {
                err.println("gemcap: " + metricsProblem.get());
                return ExitCode.USAGE.code();
            }
            try {
                context.getBean(RunMetrics.class).open(MetricsSettings.stem(job.output()));
            } catch (IllegalArgumentException e) {
                err.println("gemcap: " + e.getMessage());
                return ExitCode.USAGE.code();
            }
            CaptionRunner runner = context.getBean(CaptionRunner.class);
            stop.install(runner::requestStop, context.getBean(io.gemcap.job.JobSettings.class).stopGrace(), runner::running);
            RunResult ran = runner.run(job, restartFresh, new CaptionRunner.Launch(force,
                    new CaptionRunner.Selection(limit, String.join(",", include), String.join(",", exclude)), allowShrink,
                    new CaptionRunner.Mode(mode.equals("batch"), detach, abandonBatches), page,
                    context.getBean(io.gemcap.job.JobSettings.class).partitioning()));
            // Whatever a server echoed (a gateway may repeat the key) is neither shown nor stored.
            String resume = String.join(" ", resumeCommand(job));
            RunResult result = gemini.key(parent.environment).map(key -> ran.withMessage(key.redact(ran.message()))).orElse(ran);
            if (result.summary() != null) {
                result = result.withSummary(result.summary().withResumeCommand(resume));
            }
            Ending ending = end(context, result, page, out, err);
            ExitCode exit = ending.exit();
            if (sidecars != null && result.exitCode() == ExitCode.COMPLETED && result.summary() != null) {
                try {
                    out.println("gemcap: " + writeSidecars(context, result, job, inputBucket));
                } catch (IOException e) {
                    // The CSV is published; the sidecars are written again by the next run.
                    err.println("gemcap: the sidecars could not all be written (" + e.getMessage() + "); the next run writes them");
                    exit = ExitCode.FAILED;
                }
            }
            record(csv, ending, exit, resume, err);
            return exit.code();
        } catch (StorageAccessException e) {
            err.println("gemcap: " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (RuntimeException e) {
            String cause = GemcapMain.oneLine(e);
            Optional<String> held = heldByAnotherProcess(e);
            if (held.isPresent()) {
                err.println("gemcap: " + held.get());
                return ExitCode.LOCKED.code();
            }
            Optional<String> damaged = damagedJobDatabase(e);
            err.println("gemcap: " + damaged.orElse("cannot start: " + cause));
            return ExitCode.USAGE.code();
        } finally {
            stop.done();
        }
    }

    /**
     * A job database H2 cannot read (a disk that filled up, a copy cut short): saying what to do beats the
     * store's own words, and running again would not help.
     */
    static Optional<String> damagedJobDatabase(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (JobDatabaseServer.damaged(t)) {
                java.util.regex.Matcher file = java.util.regex.Pattern.compile("(/\\S+\\.mv\\.db)").matcher(String.valueOf(t.getMessage()));
                String which = file.find() ? " " + file.group(1) : " (spring.datasource.url)";
                return Optional.of("the job database" + which + " is damaged (" + GemcapMain.oneLine(t) + "): restore it from a"
                        + " backup, or move it away to start with an empty one (the ledger and run history are in it: the next run"
                        + " then pays for every image again)");
            }
        }
        return Optional.empty();
    }

    /**
     * Why the job database cannot be opened when a process that does not share it holds the H2 file (an H2 console, a
     * program with a URL of its own): H2's error 90020, "Database may be already in use". gemcap's own processes share it.
     */
    static Optional<String> heldByAnotherProcess(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                String what = sql.getMessage().startsWith("the job database ") ? sql.getMessage().lines().findFirst().orElse("")
                        : "the job database (spring.datasource.url) is open in another process that does not share it";
                return Optional.of(what + ": close it there, or wait for that process to end");
            }
        }
        return Optional.empty();
    }

    /**
     * The command that resumes this run: the one given, with every flag it needs (--emulator, --endpoint,
     * --model, ...), the input and output as absolute paths, and without --restart-fresh, which would
     * abandon the run instead.
     */
    private List<String> resumeCommand(JobLocation job) {
        List<String> command = new java.util.ArrayList<>(List.of("scripts/caption"));
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        for (int i = 0; i < given.size(); i++) {
            String arg = given.get(i);
            String location = arg.startsWith("--input") ? job.spelledInput() : arg.startsWith("--output") ? job.spelledOutput() : null;
            if (arg.equals("--restart-fresh")) {
                continue;
            }
            if (location != null && arg.contains("=")) {
                command.add(arg.substring(0, arg.indexOf('=') + 1) + quote(location));
            } else if (location != null) {
                command.add(arg);
                command.add(quote(location));
                i++;
            } else {
                // A URL's password (a Pushgateway's basic auth) is never printed or stored: the command says where it goes.
                command.add(quote(USER_INFO.matcher(arg).replaceFirst("$1USER:PASSWORD@")));
            }
        }
        return command;
    }

    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("^((?:--[a-z-]+=)?[A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");

    /** Why the metrics file cannot be where it is asked to be: a file of the run's own (its CSV, run.json, report). */
    static Optional<String> metricsFileProblem(MetricsSettings metrics, Path csv, Optional<Path> page) {
        if (metrics.file().isEmpty()) {
            return Optional.empty();
        }
        Path file = real(Path.of(metrics.file()));
        Map<Path, String> runs = new LinkedHashMap<>();
        runs.put(real(csv), "CSV");
        runs.put(real(Path.of(csv + ".run.json")), "run.json");
        page.ifPresent(report -> runs.put(real(report), "HTML report"));
        return runs.entrySet().stream().filter(run -> run.getKey().equals(file)).findFirst()
                .map(run -> "the metrics file " + file + " is the run's " + run.getValue() + ": give the metrics a file of their own"
                        + " (a .prom file in node_exporter's textfile folder)");
    }

    /** A path with its folder's links resolved (the file itself may not be there yet, nor may the folder). */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return underRealFolder(absolute);
        } catch (IOException | RuntimeException e) {
            return absolute;
        }
    }

    /** A file under its real folder, and its real name when it is a symlink to a file; the file need not be there yet. */
    private static Path underRealFolder(Path absolute) throws IOException {
        return Files.exists(absolute) ? absolute.toRealPath() : absolute.getParent().toRealPath().resolve(absolute.getFileName());
    }

    private static String quote(String path) {
        return path.matches("[A-Za-z0-9_./@:+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }

    /**
     * Says how many of the input's images the metadata table has a row for; none is refused (a wrong key column would
     * pay for captions with empty fields). Walks the folder's names only.
     */
    private Optional<String> metadataMatches(Path folder, java.io.PrintWriter out) {
        io.gemcap.caption.MetadataTable table = gemini.metadataTable();
        long images = 0;
        long matched = 0;
        try (var listing = new FolderImageSource(folder, FolderImageSource.globs(include, exclude)).listAfter(null)) {
            while (listing.hasNext() && (limit == 0 || images < limit)) {
                images++;
                if (table.find(listing.next().path()).isPresent()) {
                    matched++;
                }
            }
        }
        if (images > 0 && matched == 0) {
            return Optional.of("--metadata matches none of the " + images + " images by its column '" + table.keyColumn()
                    + "' (their paths relative to --input, or their file names): check --metadata-key");
        }
        out.println(String.format(java.util.Locale.ROOT, "gemcap: --metadata has a row for %,d of %,d images (%.0f %%)", matched,
                images, images == 0 ? 0.0 : 100.0 * matched / images));
        return Optional.empty();
    }

    /**
     * Shows how a run ended: its end line (on stdout when it completed, else on stderr) and its summary, unless a
     * setting is to be fixed, which is said in one line.
     */
    static void show(RunResult result, ExitCode exit, java.io.PrintWriter out, java.io.PrintWriter err) {
        var stream = exit == ExitCode.COMPLETED ? out : err;
        stream.println("gemcap: " + result.message());
        if (result.summary() != null && !(result.reason() instanceof StopReason.Configuration)) {
            SummaryText.details(result.summary()).forEach(stream::println);
        }
    }

    /**
     * Why a run's report cannot go to {@code page}, if it cannot: the page or its folder is not gemcap's, or the page would
     * be the CSV itself.
     */
    static Optional<String> reportProblem(ConfigurableApplicationContext context, Path page, Path csv) {
        if (page.equals(csv)) {
            return Optional.of("the report would replace the CSV " + csv);
        }
        try {
            return context.getBean(RunReports.class).problem(page);
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read " + page + " to see whether gemcap wrote it (" + GemcapMain.oneLine(e) + ")");
        }
    }

    /** How a run command ended: the result as shown, and why the run's report could not be written, if it could not. */
    record Ending(RunResult result, Optional<String> reportError) {

        /** The command's exit code: the run's, or failed when its report could not be written. */
        ExitCode exit() {
            return reportError.isPresent() && result.exitCode() == ExitCode.COMPLETED ? ExitCode.FAILED : result.exitCode();
        }
    }

    /**
     * Writes the run's report (if the run has a summary and a page) and shows how the run ended; a report that could not
     * be written is said in the end line, and the summary names no page.
     */
    static Ending end(ConfigurableApplicationContext context, RunResult ran, Optional<Path> page, java.io.PrintWriter out,
            java.io.PrintWriter err) {
        RunResult result = ran;
        Optional<String> reportError = Optional.empty();
        if (result.summary() != null && page.isPresent()) {
            try {
                context.getBean(RunReports.class).write(result.summary(), page.get());
            } catch (IOException | RuntimeException e) {
                reportError = Optional.of(GemcapMain.oneLine(e));
                String left = Files.exists(page.get()) ? "; the page there is an earlier run's" : "";
                result = result.withMessage(result.message() + "; its report was not written to " + page.get() + " ("
                        + reportError.get() + left + "): scripts/caption report " + result.summary().executionId()
                        + " writes it again").withSummary(result.summary().withReport(null));
            }
        }
        Ending ending = new Ending(result, reportError);
        show(result, ending.exit(), out, err);
        return ending;
    }

    /** The run's end in run.json; a refusal because another run is on leaves that run's record alone. */
    static void record(Path csv, Ending ending, ExitCode exit, String resume, java.io.PrintWriter err) {
        if (ending.result().reason() instanceof StopReason.Locked) {
            return;
        }
        try {
            RunJson.ended(csv, ending.result(), exit, ending.reportError().orElse(null), resume);
        } catch (IOException e) {
            err.println("gemcap: could not write " + RunJson.pathFor(csv) + ": " + GemcapMain.oneLine(e));
        }
    }

    /** The captions of the completed run as sidecar files; says what was written and what was left alone. */
    private String writeSidecars(ConfigurableApplicationContext context, RunResult result, JobLocation job,
            Optional<BucketUri> inputBucket) throws IOException {
        long instance = context.getBean(org.springframework.batch.core.repository.JobRepository.class)
                .getJobExecution(result.summary().executionId()).getJobInstanceId();
        var rows = context.getBean(io.gemcap.output.ResultsTable.class).rows(instance);
        java.util.function.UnaryOperator<String> text = java.util.function.UnaryOperator.identity();
        if (sidecarField != null) {
            var schema = context.getBean(io.gemcap.gemini.RequestSettings.class).schema();
            int column = schema.properties().indexOf(sidecarField);
            text = answer -> schema.cells(answer).get(column);
        }
        String prefix = inputBucket.map(bucket -> bucket + "/").orElse("");
        Path folder = sidecars.isEmpty() ? Path.of(job.input()) : Path.of(sidecars).toAbsolutePath();
        var written = new io.gemcap.output.Sidecars(context.getBean(org.springframework.jdbc.core.JdbcTemplate.class)).write(rows, text,
                path -> path.startsWith(prefix) ? path.substring(prefix.length()) : path, folder, force, !sidecars.isEmpty());
        return "sidecars: " + written.written() + " written under " + folder
                + (written.sharedStems() > 0 ? ", " + written.sharedStems() + " of images sharing a stem named <name>.<ext>.txt" : "")
                + (written.foreign() > 0 ? ", " + written.foreign() + " .txt files gemcap did not write left alone (--force replaces"
                        + " them)" : "")
                + (written.outside().isEmpty() ? "" : ", " + written.outside().size() + " not written because a symlink under the"
                        + " folder leads out of it (" + written.outside().get(0) + (written.outside().size() > 1 ? ", ..." : "") + ")");
    }

    private Optional<String> negativeFlag() {
        Map<String, Number> flags = new java.util.LinkedHashMap<>();
        flags.put("--limit", limit);
        flags.put("--concurrency", concurrency);
        flags.put("--rpm", rpm);
        flags.put("--tpm", tpm);
        flags.put("--rpd", rpd);
        flags.put("--budget", budget);
        flags.put("--max-output-tokens", gemini.maxOutputTokens);
        return flags.entrySet().stream().filter(flag -> flag.getValue() != null && flag.getValue().doubleValue() < 0)
                .map(Map.Entry::getKey).findFirst();
    }

    private static void putIfSet(Map<String, String> properties, String name, Number value) {
        if (value != null) {
            properties.put(name, value.toString());
        }
    }

    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** The input folder with every symlink resolved, so each spelling of it is the same job; checked readable. */
    private static String realFolder(String input) {
        Path folder = Path.of(absolute(input));
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(notAFolder(folder));
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            // Reading an entry is what fails on a folder that may be entered but not listed.
            entries.iterator().hasNext();
            return folder.toRealPath().toString();
        } catch (IOException | DirectoryIteratorException e) {
            throw new IllegalArgumentException("cannot read the input folder " + folder + " (" + GemcapMain.oneLine(e)
                    + "): give the user running gemcap read access to it");
        }
    }

    /** Why {@code --input} is refused when it names no folder: a file given by mistake is named as one. */
    static String notAFolder(Path input) {
        return Files.exists(input) ? "--input " + input + " is a file: --input takes a folder or a bucket (s3://bucket/prefix, gs://bucket/prefix)"
                : "input folder not found: " + input;
    }

    /** A file gemcap writes (the output, the report), under its real folder (and its real name, when it is a symlink to a file). */
    static String realFile(String given, String what) {
        Path file = Path.of(absolute(given));
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
            }
            return underRealFolder(file).toString();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the " + what + " folder " + file.getParent() + ": " + GemcapMain.oneLine(e));
        }
    }

    /** @param input the input folder, or {@code null} for a bucket input */
    private static Optional<String> outputProblem(Path output, Path input) {
        if (Files.isDirectory(output)) {
            return Optional.of("--output is a folder, not a file: " + output);
        }
        if (input != null && output.startsWith(input) && FolderImageSource.isImageName(output.getFileName().toString())) {
            return Optional.of("--output " + output + " lies inside --input and is named like an image: it would be read as"
                    + " one; write the CSV elsewhere or name it .csv");
        }
        if (Files.exists(output) && !Files.isRegularFile(output)) {
            return Optional.of("--output " + output + " exists and is not a file (a device, a pipe): choose another --output");
        }
        if (Files.isRegularFile(output) && !CaptionCsv.isCaptionCsv(output)) {
            return Optional.of("--output " + output + " exists and is not a CSV gemcap wrote: it would be replaced;"
                    + " choose another --output, or move the file away");
        }
        // The files gemcap keeps beside the CSV replace whatever has their names: none may be the user's.
        Path partial = Path.of(output + ".partial");
        if (Files.exists(partial, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !(Files.isRegularFile(partial, java.nio.file.LinkOption.NOFOLLOW_LINKS) && CaptionCsv.isCaptionCsv(partial))) {
            return Optional.of(partial + " exists and is not a CSV gemcap wrote: the run would replace it; move it away,"
                    + " or choose another --output");
        }
        Path runJson = RunJson.pathFor(output);
        if (Files.exists(runJson, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !RunJson.isRunJson(runJson)) {
            return Optional.of(runJson + " exists and is not a run.json gemcap wrote: the run would replace it; move it away,"
                    + " or choose another --output");
        }
        Path parent = output.getParent();
        if (Files.exists(output) && !Files.isWritable(output)) {
            return Optional.of("output is not writable: " + output);
        }
        // Permission bits can say yes where no file can be made (a read-only mount, /proc): make one.
        try {
            Files.delete(Files.createTempFile(parent, ".gemcap-", ".probe"));
        } catch (IOException e) {
            return Optional.of("cannot write in the output folder " + parent + ": " + GemcapMain.oneLine(e)
                    + " (choose another --output)");
        }
        return Optional.empty();
    }
}
