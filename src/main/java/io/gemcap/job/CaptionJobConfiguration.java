package io.gemcap.job;

import io.gemcap.caption.ImageCaptioner;
import io.gemcap.jobdb.JobDatabaseConnection;
import io.gemcap.output.AnswerColumns;
import io.gemcap.output.CaptionCsv;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.OutputTarget;
import io.gemcap.output.ResultsTable;
import io.gemcap.policy.CallAbandonedException;
import io.gemcap.policy.CallPolicy;
import io.gemcap.policy.Concurrency;
import io.gemcap.report.ProgressSettings;
import io.gemcap.source.ImageCount;
import io.gemcap.source.BucketUri;
import io.gemcap.source.Buckets;
import io.gemcap.source.FolderImageSource;
import io.gemcap.source.ImageSource;
import io.gemcap.usage.Prices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.gemcap.usage.Budget;
import io.gemcap.usage.BudgetReachedException;
import io.gemcap.usage.BudgetSettings;
import io.gemcap.usage.JdbcSpend;
import io.gemcap.usage.Spend;
import java.time.Clock;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.batch.infrastructure.item.support.CompositeItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The caption job, top to bottom: walk the input, caption each image (or take its earlier result
 * from the ledger), write each chunk's rows to the results table, the ledger and
 * {@code <output>.partial} in one transaction; then publish the CSV over {@code <output>}. A job instance is one run of one input and output; restarting it resumes after
 * the last committed image.
 */
@Configuration
public class CaptionJobConfiguration {

    public static final String JOB_NAME = "caption";
    public static final String CAPTION_STEP = "caption";
    public static final String READER_NAME = "imageReader";
    /**
     * Identifying job parameters: the job's key (a hash of its real input and output) and the run number.
     * Runs of release 0.1 were identified by {@link #INPUT}, {@link #OUTPUT} and {@link #RUN}; a resume
     * passes whatever identified the run it resumes.
     */
    public static final String JOB = "job";
    public static final String RUN = "run";
    /** Non-identifying: the input and output locations, and the run number. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String RUN_NUMBER = "runNumber";
    /** Non-identifying: what a resume must not change; the prompt by its hash (its text is in {@link RunPrompts}). */
    public static final String MODEL = "model";
    public static final String PROMPT_SHA256 = "promptSha256";
    /** Non-identifying: the request's other settings that change the answer ({@code RequestSettings.canonical()}). */
    public static final String REQUEST_SETTINGS = "requestSettings";
    /** The prompt's text, as release 0.1 kept it. */
    public static final String PROMPT = "prompt";
    /** Non-identifying: {@code true} to call for every image, ignoring the ledger. */
    public static final String FORCE = "force";
    /** Non-identifying, for pilot runs: the most images to take, and comma-separated globs to take or leave. */
    public static final String LIMIT = "limit";
    public static final String INCLUDE = "include";
    public static final String EXCLUDE = "exclude";
    /** Non-identifying: {@code true} to publish the CSV even when the run found far fewer images than the last completed one. */
    public static final String ALLOW_SHRINK = "allowShrink";
    /** Non-identifying: the HTML report page the run writes when it ends, or empty for none; runs before it: beside the CSV. */
    public static final String REPORT = "report";
    /** Job execution context: set when the run stopped at its budget, with why. */
    public static final String BUDGET_REACHED = "gemcap.budgetReached";
    /** How often a waiting step looks in the job database for a stop asked from another process. */
    private static final Duration STOP_LOOK_EVERY = Duration.ofSeconds(2);

    @Bean
    public Job captionJob(JobRepository jobRepository, Step captionStep, Step publishStep, RunOwnerListener runOwnerListener) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runOwnerListener)
                .listener(new DailyQuotaStopListener())
                .start(captionStep)
                .next(publishStep)
                .build();
    }

    /** The processor waits, in read order, for the row whose call the reader started. */
    @Bean
    public Step captionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            CallAheadItemReader imageReader, CompositeItemWriter<CaptionRow> captionWriter, JobSettings settings) {
        return new StepBuilder(CAPTION_STEP, jobRepository)
                .<PendingRow, CaptionRow>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .listener(new ResumeFromLastCommit(jobRepository, READER_NAME + "." + CallAheadItemReader.HANDED))
                .reader(imageReader)
                .processor(imageReader::await)
                .writer(captionWriter)
                .build();
    }

    /** Starts each image's inspection and call ahead of its chunk, in walk order. */
    @Bean
    @StepScope
    public CallAheadItemReader imageReader(@Value("#{jobParameters['" + INPUT + "']}") String input,
            @Value("#{jobParameters['" + FORCE + "']}") String force, @Value("#{jobParameters['" + LIMIT + "']}") Long limit,
            @Value("#{jobParameters['" + INCLUDE + "']}") String include, @Value("#{jobParameters['" + EXCLUDE + "']}") String exclude,
            @Value("#{stepExecution}") StepExecution step, ImageCaptioner captioner, Concurrency concurrency, Buckets buckets,
            @Value("#{jobParameters['" + MODEL + "']}") String model, JdbcTemplate jdbc, CallPolicy callPolicy,
            JobRepository jobRepository, BudgetSettings budgetSettings, Spend spend, Prices prices, RunStop runStop) {
        CallIntents callIntents = new CallIntents(jdbc, step.getJobExecution().getJobInstanceId(), step.getJobExecution().getId());
        long lossesAtOpen = JobDatabaseConnection.losses();
        // Calls of a model without a price cannot be counted (and a limit needs one: the run refuses to start without it).
        Budget budget = prices.of(model).isEmpty() ? null
                : new Budget(spend, step.getJobExecution().getJobInstanceId(), budgetSettings.limited());
        boolean useLedger = !Boolean.parseBoolean(force);
        Predicate<String> selected = selection(include, exclude);
        ImageSource source = BucketUri.parse(input).<ImageSource>map(bucket -> buckets.open(bucket, selected))
                .orElseGet(() -> new FolderImageSource(Path.of(input), selected));
        return new CallAheadItemReader(READER_NAME, source, (ref, ticket) -> {
            if (runStop.level() != RunStop.Level.NONE) {
                // Work started ahead that had not begun when the run was asked to stop: not even prepared.
                throw new CallAbandonedException();
            }
            try {
                return captioner.caption(ref, source, useLedger, ticket, budget, sent -> callIntents.sending(sent.path()));
            } catch (BudgetReachedException e) {
                // The run stops at this image once the rows before it are delivered (the reader then stops the step).
                step.getJobExecution().getExecutionContext().putString(BUDGET_REACHED, e.getMessage());
                throw e;
            } catch (CallAbandonedException e) {
                if (e.sent()) {
                    // Its request went out and was refused or not answered, as one a retry follows: not paid, so not counted
                    // as paid twice when the resume sends it again.
                    callIntents.withdraw(ref.path());
                }
                throw e;
            }
        }, concurrency, limit == null ? 0 : limit, new StopRequests(step, jobRepository, runStop, STOP_LOOK_EVERY, System::nanoTime),
                step::setTerminateOnly, captioner::remember, () -> {
                    // After a lost job database the run resumes in this process (RunLauncher), and its calls with it.
                    if (JobDatabaseConnection.losses() == lossesAtOpen) {
                        callPolicy.stopSending();
                    }
                    if (budget != null) {
                        budget.abandon();
                    }
                    callIntents.close();
                });
    }

    /** What this process was asked about stopping its run (signals; see {@link RunLauncher#requestStop}). */
    @Bean
    public RunStop runStop(ObjectProvider<CallPolicy> callPolicy) {
        return new RunStop(() -> callPolicy.getObject().stopSending());
    }

    /** Which paths a run takes, from its --include and --exclude parameters (comma-separated globs). */
    private static Predicate<String> selection(String include, String exclude) {
        return FolderImageSource.globs(FolderImageSource.globList(include), FolderImageSource.globList(exclude));
    }

    /**
     * Writes each chunk's rows to the results table, the ledger, the CSV and the progress line. When the run is stopping,
     * the rows whose calls were out are first added to the chunk ({@link CallAheadItemReader#rowsStartedAhead}), so they
     * are committed with it rather than paid again by the resume.
     */
    @Bean
    @StepScope
    public CompositeItemWriter<CaptionRow> captionWriter(ItemWriter<CaptionRow> resultsWriter,
            FlatFileItemWriter<CaptionRow> csvWriter, ImageCaptioner captioner, RunProgress runProgress, CallAheadItemReader imageReader) {
        ItemWriter<CaptionRow> rowsInFlight = chunk -> withRows(chunk, imageReader.rowsStartedAhead());
        ItemWriter<CaptionRow> ledgerWriter = chunk -> {
            captioner.remember(chunk.getItems());
            List<? extends CaptionRow> rows = List.copyOf(chunk.getItems());
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            captioner.committed(rows);
                        }
                    });
        };
        return new CompositeItemWriter<>(List.of(rowsInFlight, resultsWriter, ledgerWriter, csvWriter, runProgress));
    }

    /** Adds rows to a chunk that the writers after this one then write (the composite hands them the same chunk). */
    @SuppressWarnings("unchecked")
    private static void withRows(org.springframework.batch.infrastructure.item.Chunk<? extends CaptionRow> chunk, List<CaptionRow> rows) {
        if (!rows.isEmpty()) {
            ((org.springframework.batch.infrastructure.item.Chunk<CaptionRow>) chunk).addAll(rows);
        }
    }

    /** The progress line: images done of a total counted beside the run (folders), speed, time left, pushback, cost. */
    @Bean
    @StepScope
    public RunProgress runProgress(@Value("#{jobParameters['" + INPUT + "']}") String input,
            @Value("#{jobParameters['" + LIMIT + "']}") Long limit, @Value("#{jobParameters['" + INCLUDE + "']}") String include,
            @Value("#{jobParameters['" + EXCLUDE + "']}") String exclude, @Value("#{jobParameters['" + MODEL + "']}") String model,
            @Value("#{stepExecution}") StepExecution step, ResultsTable results, Prices prices, CallPolicy callPolicy,
            ProgressSettings progress) {
        long instance = step.getJobExecution().getJobInstanceId();
        ImageCount count = BucketUri.parse(input).isPresent() ? null
                : ImageCount.start(new FolderImageSource(Path.of(input), selection(include, exclude)), limit == null ? 0 : limit);
        CallPolicy.QuotaUse start = callPolicy.quotaUse();
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunProgress.class);
        return new RunProgress(progress.display("Captioning", log::info), count, () -> callPolicy.quotaUse().since(start),
                results.count(instance), results.countsByStatus(instance).getOrDefault(io.gemcap.output.RowStatus.FAILED, 0L),
                prices.of(model).isPresent() ? results.costPaid(instance) : null);
    }

    @Bean
    @StepScope
    public ItemWriter<CaptionRow> resultsWriter(ResultsTable results, @Value("#{stepExecution}") StepExecution step) {
        long instanceId = step.getJobExecution().getJobInstanceId();
        long executionId = step.getJobExecution().getId();
        return chunk -> {
            results.insert(instanceId, executionId, chunk.getItems());
            RunLog.warnAbout(chunk.getItems());
        };
    }

    /** Transactional: lines reach the file only when the chunk commits, and a restart cuts the file back to the last commit. */
    @Bean
    @StepScope
    public FlatFileItemWriter<CaptionRow> csvWriter(@Value("#{jobParameters['" + OUTPUT + "']}") String output,
            OutputStaging staging, AnswerColumns answerColumns) {
        return new FlatFileItemWriterBuilder<CaptionRow>()
                .name("csvWriter")
                .resource(new FileSystemResource(staging.target(output).partial()))
                .encoding("UTF-8")
                .lineSeparator(CaptionCsv.LINE_SEPARATOR)
                .headerCallback(writer -> writer.write(CaptionCsv.header(answerColumns)))
                .lineAggregator(row -> CaptionCsv.line(row, answerColumns))
                .shouldDeleteIfExists(true)
                .transactional(true)
                .saveState(true)
                .build();
    }

    /**
     * Replaces the previous CSV only once the whole run is written, so last night's file stays whole until
     * tonight's is, and only if the run found enough images ({@link ShrinkGuard}); a bucket output is then
     * uploaded. Repeatable: a failed upload is tried again on resume.
     */
    @Bean
    public Step publishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, OutputStaging staging,
            Buckets buckets, ShrinkGuard shrinkGuard) {
        return new StepBuilder("publish", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = chunkContext.getStepContext().getStepExecution();
                    shrinkGuard.check(step.getJobExecution());
                    String output = step.getJobParameters().getString(OUTPUT);
                    OutputTarget target = staging.target(output);
                    if (Files.exists(target.partial())) {
                        CaptionCsv.upgrade(target.partial());
                        publish(target.partial(), target.local());
                    }
                    if (target.upload().isPresent()) {
                        buckets.upload(target.local(), target.upload().get());
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    public OutputStaging outputStaging(@Value("${gemcap.home:.}") String home) {
        return new OutputStaging(Path.of(home, "data", "outputs"));
    }

    @Bean
    public RunOwnerListener runOwnerListener(RunRegistry registry, RunSummaries runSummaries, OutputStaging outputStaging,
            Spend spend) {
        return new RunOwnerListener(registry, runSummaries, outputStaging, spend);
    }

    @Bean
    public RunLease runLease(JdbcTemplate jdbc, JobSettings settings) {
        return new RunLease(jdbc, settings.staleAfter(), settings.heartbeatInterval());
    }

    @Bean
    public ShrinkGuard shrinkGuard(RunRegistry registry, JobRepository jobRepository, ResultsTable results, JobSettings settings) {
        return new ShrinkGuard(registry, jobRepository, results, settings.minShareOfLastRun());
    }

    @Bean
    public RunPrompts runPrompts(JdbcTemplate jdbc) {
        return new RunPrompts(jdbc);
    }

    @Bean
    public RunRegistry runRegistry(JdbcTemplate jdbc) {
        return new RunRegistry(jdbc);
    }

    @Bean
    public JobControl jobControl(RunSummaries runSummaries, JobRepository jobRepository, BatchShards batchShards, RunRegistry registry) {
        return new JobControl(runSummaries, jobRepository, batchShards, registry);
    }

    @Bean
    public RunSummaries runSummaries(JobRepository jobRepository, RunRegistry registry, ResultsTable resultsTable, Prices prices,
            BatchShards batchShards, BatchSettings batchSettings, OutputStaging outputStaging, @Value("${gemcap.home:.}") String home,
            Spend spend) {
        return new RunSummaries(jobRepository, registry, resultsTable, prices, batchShards, batchSettings.priceShare(),
                logFolder(home), outputStaging, spend);
    }

    @Bean
    public RunReports runReports(JobRepository jobRepository, ResultsTable resultsTable, io.gemcap.image.Thumbnails thumbnails,
            JdbcTemplate jdbc) {
        return new RunReports(jobRepository, resultsTable, thumbnails, new io.gemcap.output.WrittenFiles(jdbc));
    }

    /** Where each run's log file goes. */
    public static Path logFolder(String home) {
        return Path.of(home, "data", "logs");
    }

    /** What calls cost, shared with every process on the job database: the budget, the daily cap, the billed cost. */
    @Bean(destroyMethod = "close")
    public JdbcSpend spend(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, BudgetSettings budgetSettings) {
        return new JdbcSpend(jdbc, transactionManager, budgetSettings, Clock.systemDefaultZone());
    }

    @Bean
    public ResultsTable resultsTable(JdbcTemplate jdbc) {
        return new ResultsTable(jdbc);
    }

    static void publish(Path partial, Path output) throws IOException {
        try {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
