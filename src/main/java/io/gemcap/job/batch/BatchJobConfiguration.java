package io.gemcap.job.batch;

import io.gemcap.events.RunEvents;
import io.gemcap.job.CallAheadItemReader;
import io.gemcap.job.CsvPublication;
import io.gemcap.job.ResumeFromLastCommit;
import io.gemcap.job.RunOwnerListener;
import io.gemcap.job.RunParameters;
import io.gemcap.job.RunStop;
import io.gemcap.job.StopRequests;
import io.gemcap.job.WalkReader;
import static io.gemcap.job.CaptionJobConfiguration.READER_NAME;

import io.gemcap.caption.ImageCaptioner;
import io.gemcap.caption.ImagePreparer;
import io.gemcap.gemini.BatchClient;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.output.ReasonClass;
import io.gemcap.output.ResultsTable;
import io.gemcap.policy.QuotaPoolName;
import io.gemcap.policy.RetrySettings;
import io.gemcap.report.ProgressSettings;
import io.gemcap.source.Buckets;
import io.gemcap.source.ImageSource;
import io.gemcap.source.ImageSources;
import io.gemcap.source.Walked;
import io.gemcap.usage.Spend;
import java.util.Optional;
import io.gemcap.usage.Prices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The caption job in Batch Mode ({@code --mode batch}): prepare every image as online and write the calls as
 * shards of request lines; submit the shards as batches within the service's limits, wait, and collect their
 * answers into rows; then render the CSV in walk order from the results table and publish it as online. Any step
 * may be cut by a crash or left on purpose ({@code --detach}): the job database holds the shards and batches,
 * and the same command picks them up.
 */
@Configuration
public class BatchJobConfiguration {

    public static final String JOB_NAME = "captionBatch";
    /** The step that walks the input, whose context holds the walk's position and skip counts. */
    public static final String PREPARE_STEP = "batchPrepare";
    /** The step that submits the shards and collects their batches. */
    public static final String RUN_STEP = "batchRun";
    private static final Duration STOP_LOOK_EVERY = Duration.ofSeconds(2);

    @Bean
    public Job captionBatchJob(JobRepository jobRepository, Step batchPrepareStep, Step batchRunStep, Step batchPublishStep,
            RunOwnerListener runOwnerListener) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runOwnerListener)
                .start(batchPrepareStep)
                .next(batchRunStep)
                .next(batchPublishStep)
                .build();
    }

    /** Images prepared in walk order; a chunk's calls are one shard. */
    @Bean
    public Step batchPrepareStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, WalkReader walkReader,
            ShardWriter shardWriter, BatchSettings settings, ImagePreparerFor preparerFor) {
        return new StepBuilder(PREPARE_STEP, jobRepository)
                .<Walked, ShardWriter.Staged>chunk(settings.shardImages())
                .transactionManager(transactionManager)
                .listener(new ResumeFromLastCommit(jobRepository, READER_NAME + "." + CallAheadItemReader.HANDED))
                .reader(walkReader)
                .processor(walked -> new ShardWriter.Staged(walked.position(), preparerFor.prepare(walked)))
                .writer(shardWriter)
                .build();
    }

    @Bean
    @StepScope
    public WalkReader walkReader(@Value("#{stepExecution}") StepExecution step, ImagePreparerFor preparerFor) {
        return new WalkReader(READER_NAME, preparerFor.source(), RunParameters.of(step.getJobParameters()).selection().limit());
    }

    /** Where an execution's images come from, and how each is prepared (the ledger skipped with {@code --force}). */
    @Bean
    @StepScope
    public ImagePreparerFor imagePreparerFor(@Value("#{stepExecution}") StepExecution step, Buckets buckets, ImagePreparer preparer,
            BatchShards batchShards) {
        RunParameters run = RunParameters.of(step.getJobParameters());
        ImageSource source = ImageSources.open(run.input(), run.selection().include(), run.selection().exclude(), buckets);
        return new ImagePreparerFor(source, preparer, !run.force(), batchShards);
    }

    /** How many times an image's batches may end the same way without answers before it is no longer sent. */
    static final int BATCH_FAILURES_BEFORE_GIVING_UP = 3;

    /** The source and the preparer of one execution (a class, not a record: step-scoped beans are proxied). */
    public static class ImagePreparerFor {
        private final ImageSource source;
        private final ImagePreparer preparer;
        private final boolean useLedger;
        private final BatchShards batchShards;

        public ImagePreparerFor(ImageSource source, ImagePreparer preparer, boolean useLedger, BatchShards batchShards) {
            this.source = source;
            this.preparer = preparer;
            this.useLedger = useLedger;
            this.batchShards = batchShards;
        }

        public ImageSource source() {
            return source;
        }

        /** As online; an image whose batches ended the same way three times is not sent again (with --force it is). */
        public io.gemcap.caption.Prepared prepare(Walked walked) {
            return preparer.prepare(walked.ref(), source, useLedger, sha256 -> !useLedger ? Optional.empty()
                    : batchShards.failedRepeatedly(sha256, BATCH_FAILURES_BEFORE_GIVING_UP).map(ended ->
                            ReasonClass.BATCHES_ENDED_WITHOUT_IT + ended + " " + BATCH_FAILURES_BEFORE_GIVING_UP + " times: not sent again in Batch Mode (run it online, or with"
                            + " --force)"));
        }
    }

    @Bean
    @StepScope
    public ShardWriter shardWriter(@Value("#{stepExecution}") StepExecution step, RequestSettings request, ImagePreparer preparer,
            ResultsTable results, BatchShards batchShards, @Value("${gemcap.home:.}") String home) {
        long instance = step.getJobExecution().getJobInstanceId();
        RunParameters run = RunParameters.of(step.getJobParameters());
        String job = run.jobKey();
        long runNumber = run.runNumber();
        String name = "gemcap " + (job == null ? "job" : job.substring(0, Math.min(12, job.length()))) + " run " + runNumber;
        return new ShardWriter(instance, step.getJobExecution().getId(), name, shardFolder(home, instance), request, preparer, results,
                batchShards);
    }

    @Bean
    public Step batchRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, BatchRunTasklet batchRunTasklet) {
        return new StepBuilder(RUN_STEP, jobRepository)
                .tasklet(batchRunTasklet, transactionManager)
                .listener(batchRunTasklet)
                .build();
    }

    @Bean
    @StepScope
    public BatchRunTasklet batchRunTasklet(@Value("#{stepExecution}") StepExecution step, BatchShards batchShards, BatchClient client,
            RequestSettings request, ImageCaptioner captioner, ImagePreparer preparer,
            ResultsTable results, BatchSettings settings, PlatformTransactionManager transactionManager, JobRepository jobRepository,
            @Value("${gemcap.home:.}") String home, Spend spend, Prices prices, ProgressSettings progressSettings,
            RetrySettings retry, RunStop runStop, QuotaPoolName quotaPoolName, JdbcTemplate jdbc, RunEvents runEvents) {
        long instance = step.getJobExecution().getJobInstanceId();
        BatchProgress progress = new BatchProgress(progressSettings.display("Batch Mode", LoggerFactory.getLogger(BatchProgress.class)::info),
                results, instance, prices.of(request.model()).isPresent(), runEvents);
        TransactionTemplate own = new TransactionTemplate(transactionManager);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        StopRequests stop = new StopRequests(step, jobRepository, runStop, STOP_LOOK_EVERY, System::nanoTime);
        BatchRunTasklet.Waiter waiter = wait -> {
            long until = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < until) {
                if (stop.asked()) {
                    return false;
                }
                try {
                    Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        };
        return new BatchRunTasklet(instance, step.getJobExecution().getId(), batchShards, client, captioner, preparer, results, settings,
                shardFolder(home, instance), RunParameters.of(step.getJobParameters()).detach(), own, waiter, stop::asked,
                ShardSpend.of(spend, prices, request, settings, instance), progress,
                new BatchWindow(jdbc, quotaPoolName.value(), request.model(), settings.maxRunning(), settings.maxEnqueuedTokens()),
                retry.attempts());
    }

    /** Renders the CSV in walk order from the results table and publishes it as an online run does; then drops the shards. */
    @Bean
    public Step batchPublishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, CsvPublication publication,
            BatchShards batchShards, @Value("${gemcap.home:.}") String home) {
        return new StepBuilder("batchPublish", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = chunkContext.getStepContext().getStepExecution();
                    publication.publish(step.getJobExecution());
                    long instance = step.getJobExecution().getJobInstanceId();
                    batchShards.forget(instance);
                    Path folder = shardFolder(home, instance);
                    try {
                        Files.deleteIfExists(folder.resolve("results"));
                        Files.deleteIfExists(folder);
                    } catch (java.nio.file.DirectoryNotEmptyException leftOver) {
                        // Something not gemcap's own is in it: the folder stays; the run is published all the same.
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    public BatchShards batchShards(JdbcTemplate jdbc) {
        return new BatchShards(jdbc);
    }

    /** Where a run's shard files wait to be uploaded, and results files are read. */
    static Path shardFolder(String home, long instance) {
        return Path.of(home, "data", "batches", String.valueOf(instance));
    }
}
