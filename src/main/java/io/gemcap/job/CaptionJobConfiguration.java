package io.gemcap.job;

import io.gemcap.events.RunEvents;
import io.gemcap.job.partition.CaptionPartitions;
import io.gemcap.job.partition.PartitionClaims;
import io.gemcap.job.partition.PartitionLeases;
import io.gemcap.job.partition.PartitionOutcomes;
import io.gemcap.job.partition.PartitionRunner;
import io.gemcap.job.partition.RemotePartitionHandler;
import io.gemcap.jobdb.Dialect;
import io.gemcap.jobdb.RunSettings;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import io.gemcap.policy.QuotaPoolName;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.integration.channel.QueueChannel;
import io.gemcap.job.partition.WalkPartitionHandler;
import io.gemcap.job.partition.WalkPartitioner;
import io.gemcap.caption.ImageCaptioner;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.ResultsTable;
import io.gemcap.policy.CallAbandonedException;
import io.gemcap.policy.CallPolicy;
import io.gemcap.policy.Concurrency;
import io.gemcap.report.ProgressSettings;
import io.gemcap.source.Buckets;
import io.gemcap.source.ImageSources;
import io.gemcap.source.WalkPartition;
import io.gemcap.source.WalkTable;
import io.gemcap.source.Walked;
import io.gemcap.usage.Budget;
import io.gemcap.usage.BudgetReachedException;
import io.gemcap.usage.BudgetSettings;
import io.gemcap.usage.Prices;
import io.gemcap.usage.Spend;
import java.time.Duration;
import java.util.List;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.CompositeItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The caption job, top to bottom: walk the input once into the walk table; caption its images in partitions (ranges of
 * walk places), each image's earlier result taken from the ledger or its call made, each chunk's rows written to the
 * results table and the ledger in one transaction; then render the CSV from the results table in walk order and publish
 * it over {@code <output>}. A job instance is one run of one input and output; restarting it re-runs only the partitions
 * that did not complete, each after its last committed chunk.
 */
@Configuration
public class CaptionJobConfiguration {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CaptionJobConfiguration.class);

    public static final String JOB_NAME = "caption";
    /** The step that walks the input into the walk table; its context holds the walk's position and skip counts. */
    public static final String WALK_STEP = "walk";
    /** The step that runs the partitions (the manager); runs of releases before partitions captioned in it themselves. */
    public static final String CAPTION_STEP = "caption";
    /** The partitions' step: its executions are named {@code captionPartition:p000000}, ... */
    public static final String PARTITION_STEP = "captionPartition";
    public static final String READER_NAME = "imageReader";
    /** Job execution context: set when the run stopped at its budget, with why. */
    public static final String BUDGET_REACHED = "gemcap.budgetReached";
    /** Images the walk records per transaction. */
    private static final int WALK_CHUNK = 500;
    /** How often a waiting step looks in the job database for a stop asked from another process. */
    private static final Duration STOP_LOOK_EVERY = Duration.ofSeconds(2);
    /** How often the run's process looks at its partitions sent to workers. */
    private static final Duration PARTITION_POLL = Duration.ofSeconds(1);

    @Bean
    public Job captionJob(JobRepository jobRepository, Step walkStep, Step captionStep, Step publishStep, RunOwnerListener runOwnerListener) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runOwnerListener)
                .listener(new DailyQuotaStopListener())
                .start(walkStep)
                .next(captionStep)
                .next(publishStep)
                .build();
    }

    /** Whether a step of this job ends itself once asked to stop (its reader first adds the calls in flight to its last chunk). */
    static boolean stopsItself(String stepName) {
        return stepName.equals(CAPTION_STEP) || stepName.startsWith(PARTITION_STEP);
    }

    /** The walk, once per run, in walk order: a restart continues after the last image recorded. */
    @Bean
    public Step walkStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, WalkReader inputWalk,
            ItemWriter<Walked> walkWriter, WalkTable walkTable) {
        return new StepBuilder(WALK_STEP, jobRepository)
                .<Walked, Walked>chunk(WALK_CHUNK)
                .transactionManager(transactionManager)
                .listener(new ResumeFromLastCommit(jobRepository, READER_NAME + "." + CallAheadItemReader.HANDED))
                .reader(inputWalk)
                .writer(walkWriter)
                .listener(new StepExecutionListener() {
                    @Override
                    public ExitStatus afterStep(StepExecution walk) {
                        // A large bucket takes a while to list, and nothing else is shown meanwhile.
                        if (walk.getStatus() == BatchStatus.COMPLETED) {
                            log.info("Walked {} images", walkTable.count(walk.getJobExecution().getJobInstanceId()));
                        }
                        return walk.getExitStatus();
                    }
                })
                .build();
    }

    @Bean
    @StepScope
    public ItemWriter<Walked> walkWriter(@Value("#{stepExecution}") StepExecution step, WalkTable walkTable) {
        long instance = step.getJobExecution().getJobInstanceId();
        return chunk -> walkTable.record(instance, chunk.getItems());
    }

    @Bean
    @StepScope
    public WalkReader inputWalk(@Value("#{stepExecution}") StepExecution step, Buckets buckets) {
        RunParameters run = RunParameters.of(step.getJobParameters());
        return new WalkReader(READER_NAME, ImageSources.open(run.input(), run.selection().include(), run.selection().exclude(), buckets),
                run.selection().limit());
    }

    /**
     * The partitions of the walk: on H2, run as threads of this process ({@link WalkPartitionHandler}); on PostgreSQL, sent
     * to {@code worker} processes on any host and taken by this process too ({@link RemotePartitionHandler}). A restart
     * keeps the first start's partitions and runs those that did not complete.
     */
    @Bean
    public Step captionStep(JobRepository jobRepository, Step captionPartitionStep, Partitioner walkPartitioner,
            WalkTable walkTable, RunStop runStop, CaptionPartitions captionPartitions, JobSettings settings, DataSource dataSource,
            JdbcTemplate jdbc, QueueChannel partitionRequests, PartitionClaims partitionClaims, PartitionRunner partitionRunner,
            RunSettings runSettings, ConfigurableEnvironment environment, QuotaPoolName quotaPoolName, PartitionOutcomes partitionOutcomes) {
        boolean remote = Dialect.of(dataSource) == Dialect.POSTGRESQL;
        return new StepBuilder(CAPTION_STEP, jobRepository)
                .partitioner(PARTITION_STEP, walkPartitioner)
                .partitionHandler((splitter, manager) -> {
                    RunParameters.Partitioning partitioning = RunParameters.of(manager.getJobParameters()).partitioning();
                    int gridSize = partitioning.partitionsOf(walkTable.count(manager.getJobExecution().getJobInstanceId()));
                    long partitions = manager.getExecutionContext().getLong("GRID_SIZE", gridSize);
                    if (!remote) {
                        log.info(partitions == 1 ? "Split into one partition" : "Split into {} partitions, {} at a time", partitions,
                                Math.min(partitions, partitioning.threads()));
                        return new WalkPartitionHandler(captionPartitionStep, gridSize, partitioning.threads(), jobRepository,
                                () -> runStop.level() != RunStop.Level.NONE).handle(splitter, manager);
                    }
                    // On the team's database, partitions go to workers on any host; this process takes them as one of them.
                    // Workers build the run's captioner from its settings as this process resolved them (flags, config,
                    // environment), with keys of their own, in this run's quota pool (one named for its key when none is
                    // set: Google counts quota per project, and workers' keys are of the run's project).
                    runSettings.record(manager.getJobExecutionId(), withPool(environment, quotaPoolName.value()));
                    int slots = settings.localWork() ? settings.slots() : 0;
                    log.info("Split into {} for workers{}", partitions == 1 ? "one partition" : partitions + " partitions",
                            slots == 0 ? " (none worked on here: --no-local-work)" : " and this process (" + slots + " at a time here)");
                    var ended = new RemotePartitionHandler(gridSize, partitionRequests, partitionClaims, partitionRunner, slots,
                            jobRepository, jdbc, () -> runStop.level() != RunStop.Level.NONE, settings.workerSilence(), PARTITION_POLL,
                            captionPartitions::recount).handle(splitter, manager);
                    partitionOutcomes.carry(ended, manager);
                    return ended;
                })
                .listener(captionPartitions)
                .build();
    }

    /** The environment with {@code gemcap.limits.pool} set to the pool this process is in, when it was set to none. */
    private static ConfigurableEnvironment withPool(ConfigurableEnvironment environment, String pool) {
        if (!environment.getProperty("gemcap.limits.pool", "").isBlank()) {
            return environment;
        }
        StandardEnvironment named = new StandardEnvironment();
        named.getPropertySources().forEach(source -> named.getPropertySources().remove(source.getName()));
        // (not the view Spring Boot attaches over the environment's own sources: it would not see the pool added here)
        environment.getPropertySources().stream().filter(source -> !source.getName().equals("configurationProperties"))
                .forEach(named.getPropertySources()::addLast);
        named.getPropertySources().addFirst(new MapPropertySource("gemcap.runPool", Map.of("gemcap.limits.pool", pool)));
        return named;
    }

    @Bean
    @StepScope
    public Partitioner walkPartitioner(@Value("#{stepExecution}") StepExecution manager, WalkTable walkTable) {
        return new WalkPartitioner(walkTable.count(manager.getJobExecution().getJobInstanceId()));
    }

    @Bean
    public CaptionPartitions captionPartitions(WalkTable walkTable, ResultsTable results, Prices prices, CallPolicy callPolicy,
            ProgressSettings progress, RunEvents runEvents) {
        return new CaptionPartitions(walkTable, results, prices, callPolicy, progress, runEvents);
    }

    /** What a partition tells its run about how it ended, through the job repository when it ran in another process. */
    @Bean
    public PartitionOutcomes partitionOutcomes(JobRepository jobRepository) {
        return new PartitionOutcomes(jobRepository, BUDGET_REACHED);
    }

    /** One partition: the processor waits, in walk order, for the row whose call the reader started. */
    @Bean
    public Step captionPartitionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            CallAheadItemReader imageReader, CompositeItemWriter<CaptionRow> captionWriter, JobSettings settings,
            PartitionOutcomes partitionOutcomes) {
        return new StepBuilder(PARTITION_STEP, jobRepository)
                .<PendingRow, CaptionRow>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(imageReader)
                .processor(imageReader::await)
                .writer(captionWriter)
                .listener(partitionOutcomes)
                .build();
    }

    /** A partition's images: its range of the walk table, less those with a row, read through the run's source. */
    @Bean
    @StepScope
    public WalkPartition walkPartition(@Value("#{stepExecution}") StepExecution step, WalkTable walkTable, Buckets buckets) {
        RunParameters run = RunParameters.of(step.getJobParameters());
        var context = step.getExecutionContext();
        return walkTable.partition(step.getJobExecution().getJobInstanceId(), context.getLong(WalkPartitioner.FROM),
                context.getLong(WalkPartitioner.TO),
                ImageSources.open(run.input(), run.selection().include(), run.selection().exclude(), buckets));
    }

    /**
     * Starts each image's inspection and call ahead of its chunk, in walk order, with the partition's share of the calls in
     * flight (the partitions running at once share them).
     */
    @Bean
    @StepScope
    public CallAheadItemReader imageReader(@Value("#{stepExecution}") StepExecution step, WalkPartition partition,
            ImageCaptioner captioner, Concurrency concurrency, JdbcTemplate jdbc, JobRepository jobRepository,
            BudgetSettings budgetSettings, Spend spend, Prices prices, RunStop runStop, CaptionPartitions captionPartitions,
            PartitionLeases leases) {
        // The work runs on the reader's own threads, where the step scope is not: they get the partition itself.
        WalkPartition walkPartition = partition instanceof ScopedObject scoped ? (WalkPartition) scoped.getTargetObject() : partition;
        RunParameters run = RunParameters.of(step.getJobParameters());
        long execution = step.getJobExecutionId();
        CallIntents callIntents = new CallIntents(jdbc, step.getJobExecution().getJobInstanceId(), execution);
        // Calls of a model without a price cannot be counted (and a limit needs one: the run refuses to start without it).
        Budget budget = prices.of(run.model()).isEmpty() ? null
                : new Budget(spend, step.getJobExecution().getJobInstanceId(), budgetSettings.limited());
        boolean useLedger = !run.force();
        AutoCloseable share = captionPartitions.sharing(execution);
        return new CallAheadItemReader(READER_NAME, walkPartition, (ref, ticket) -> {
            if (runStop.level() != RunStop.Level.NONE || !leases.maySend(step.getId())) {
                // Work started ahead that had not begun when the run was asked to stop (or this worker lost its partition).
                throw new CallAbandonedException();
            }
            try {
                return captioner.caption(ref, walkPartition, useLedger, ticket, budget, sent -> {
                    if (!leases.maySend(step.getId())) {
                        // Paused past the silence a worker is allowed: the partition may be another worker's now.
                        throw new CallAbandonedException();
                    }
                    callIntents.sending(sent.path());
                });
            } catch (BudgetReachedException e) {
                // The run stops at this image once the rows before it are delivered (the reader then stops the step).
                step.getJobExecution().getExecutionContext().putString(BUDGET_REACHED, e.getMessage());
                PartitionOutcomes.budgetReached(step, BUDGET_REACHED, e.getMessage());
                throw e;
            } catch (CallAbandonedException e) {
                if (e.sent()) {
                    // Its request went out and was refused or not answered, as one a retry follows: not paid, so not counted
                    // as paid twice when the resume sends it again.
                    callIntents.withdraw(ref.path());
                }
                throw e;
            }
        }, () -> captionPartitions.callsOf(execution, concurrency.current()), 0,
                new StopRequests(step, jobRepository, runStop, STOP_LOOK_EVERY, System::nanoTime), step::setTerminateOnly,
                captioner::remember, () -> {
                    if (budget != null) {
                        budget.abandon();
                    }
                    callIntents.close();
                    share.close();
                });
    }

    /**
     * Writes each chunk's rows to the results table (at their places in the walk) and the ledger, and tells the run's events
     * once they are committed (the progress line and the metrics count them there). When the run is stopping,
     * the rows whose calls were out are first added to the chunk ({@link CallAheadItemReader#rowsStartedAhead}), so they
     * are committed with it rather than paid again by the resume.
     */
    @Bean
    @StepScope
    public CompositeItemWriter<CaptionRow> captionWriter(@Value("#{stepExecution}") StepExecution step, ResultsTable results,
            WalkPartition walkPartition, ImageCaptioner captioner, CallAheadItemReader imageReader, PartitionLeases leases,
            PartitionClaims claims, RunEvents runEvents) {
        long instance = step.getJobExecution().getJobInstanceId();
        long execution = step.getJobExecutionId();
        ItemWriter<CaptionRow> rowsInFlight = chunk -> withRows(chunk, imageReader.rowsStartedAhead());
        ItemWriter<CaptionRow> resultsWriter = chunk -> {
            // A worker taken for dead commits nothing: its partition went to another, which writes these rows.
            leases.of(step.getId()).ifPresent(lease -> claims.check(lease.claimed()));
            results.insertAt(instance, execution, chunk.getItems().stream()
                    .map(row -> new ResultsTable.Positioned(walkPartition.position(row.path()), row)).toList());
            RunLog.warnAbout(chunk.getItems());
        };
        ItemWriter<CaptionRow> ledgerWriter = chunk -> {
            captioner.remember(chunk.getItems());
            List<? extends CaptionRow> rows = List.copyOf(chunk.getItems());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    captioner.committed(rows);
                    runEvents.rowsWritten(rows);
                }
            });
        };
        return new CompositeItemWriter<>(List.of(rowsInFlight, resultsWriter, ledgerWriter));
    }

    /** Adds rows to a chunk that the writers after this one then write (the composite hands them the same chunk). */
    @SuppressWarnings("unchecked")
    private static void withRows(Chunk<? extends CaptionRow> chunk, List<CaptionRow> rows) {
        if (!rows.isEmpty()) {
            ((Chunk<CaptionRow>) chunk).addAll(rows);
        }
    }

    /**
     * Renders the CSV from the results table in walk order and replaces the previous one with it only once it is whole, so
     * last night's file stays whole until tonight's is, and only if the run found enough images ({@link ShrinkGuard}); a
     * bucket output is then uploaded. Repeatable: a failed upload is tried again on resume.
     */
    @Bean
    public Step publishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, CsvPublication publication,
            WalkTable walkTable) {
        return new StepBuilder("publish", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = chunkContext.getStepContext().getStepExecution();
                    publication.publish(step.getJobExecution());
                    walkTable.forget(step.getJobExecution().getJobInstanceId());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }
}
