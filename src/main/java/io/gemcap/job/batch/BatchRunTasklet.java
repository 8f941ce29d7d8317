package io.gemcap.job.batch;

import io.gemcap.job.CaptionJobConfiguration;
import io.gemcap.job.RunLog;
import io.gemcap.caption.ImageCaptioner;
import io.gemcap.caption.ImagePreparer;
import io.gemcap.gemini.BatchClient;
import io.gemcap.gemini.BatchRequestWriter;
import io.gemcap.gemini.CallOutcome;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.ReasonClass;
import io.gemcap.output.ResultsTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch run after its preparation: submits the shards within the window the service allows, looks at the
 * batches with a growing wait, collects each finished one into rows (sending the requests that failed transiently
 * again in a later shard), and cleans up on the service. Each call of
 * {@link #execute} takes one step and commits it, so a crash loses at most that step: a shard is uploaded
 * again, a batch whose creation was under way is found by its display name rather than created twice, a
 * collection is done again from the results still on the service. With {@code detach}, it stops (resumable)
 * once everything the window allows is submitted, for a later run of the same command to collect (and submit the rest).
 */
public class BatchRunTasklet implements Tasklet, org.springframework.batch.core.listener.StepExecutionListener {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BatchRunTasklet.class);

    /** Sleeps between looks at the batches; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Waiter {
        /** @return {@code false} when a stop was asked while waiting */
        boolean await(Duration wait);
    }

    /**
     * A shard's worst case held in the {@link io.gemcap.usage.Spend} from before its upload until its batch is
     * collected, under the run's budget and the day's cap; settled, with its rows, to what they cost.
     */
    public interface ShardBudget {
        /** Holds {@code next}'s worst case (again the same hold for a shard held before a crash), or says what it would pass. */
        io.gemcap.usage.Spend.Attempt reserve(BatchShards.Shard next);

        /** Replaces the shard's hold by what its answers cost. */
        void settle(BatchShards.Shard shard, java.math.BigDecimal cost);

        /** For a model without a price: nothing is held or counted. */
        ShardBudget NONE = new ShardBudget() {
            @Override
            public io.gemcap.usage.Spend.Attempt reserve(BatchShards.Shard next) {
                return new io.gemcap.usage.Spend.Attempt(new io.gemcap.usage.Spend.Reservation("", java.math.BigDecimal.ZERO), null, 0);
            }

            @Override
            public void settle(BatchShards.Shard shard, java.math.BigDecimal cost) {
            }
        };
    }

    /** How long a run whose next shard waits for room under the daily cap waits before asking again. */
    private static final Duration ASK_AGAIN_EVERY = Duration.ofSeconds(1);

    /**
     * Step context key: requests sent again after a transient error, across the run's executions (the context is
     * committed with each collection and carried into a resumed execution).
     */
    public static final String SENT_AGAIN = "gemcap.batch.sentAgain";

    /** Step context key set when the run left its batches to a later run ({@code --detach}). */
    public static final String DETACHED = "gemcap.detached";

    private final long instance;
    private final long execution;
    private final BatchShards shards;
    private final BatchClient client;
    private final ImageCaptioner captioner;
    private final ImagePreparer preparer;
    private final ResultsTable results;
    private final BatchSettings settings;
    private final Path folder;
    private final boolean detach;
    private final TransactionTemplate ownTransaction;
    private final Waiter waiter;
    private final BooleanSupplier stopRequested;
    private final ShardBudget budget;
    private final BatchProgress progress;
    private final BatchWindow window;
    private final int attempts;
    private Duration nextWait;

    public BatchRunTasklet(long instance, long execution, BatchShards shards, BatchClient client, ImageCaptioner captioner,
            ImagePreparer preparer, ResultsTable results, BatchSettings settings, Path folder, boolean detach,
            TransactionTemplate ownTransaction, Waiter waiter, BooleanSupplier stopRequested, ShardBudget budget, BatchProgress progress,
            BatchWindow window, int attempts) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.window = Objects.requireNonNull(window, "window");
        this.attempts = attempts;
        this.instance = instance;
        this.execution = execution;
        this.shards = Objects.requireNonNull(shards, "shards");
        this.client = Objects.requireNonNull(client, "client");
        this.captioner = Objects.requireNonNull(captioner, "captioner");
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.results = Objects.requireNonNull(results, "results");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.folder = Objects.requireNonNull(folder, "folder");
        this.detach = detach;
        this.ownTransaction = Objects.requireNonNull(ownTransaction, "ownTransaction");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.nextWait = settings.pollFirst();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        if (stopRequested.getAsBoolean()) {
            chunkContext.getStepContext().getStepExecution().setTerminateOnly();
            return RepeatStatus.FINISHED;
        }
        List<BatchShards.Shard> all = shards.shards(instance);
        progress.show(all);
        Optional<BatchShards.Shard> toUpload = first(all, BatchShards.State.PREPARED);
        boolean windowFull = toUpload.isPresent() && !window.allows(instance, toUpload.get(), all);
        if (toUpload.isPresent() && !windowFull) {
            io.gemcap.usage.Spend.Attempt held = budget.reserve(toUpload.get());
            if (held.held()) {
                upload(toUpload.get());
                return RepeatStatus.CONTINUABLE;
            }
            if (all.stream().allMatch(s -> s.state() == BatchShards.State.PREPARED || s.state() == BatchShards.State.CLEANED)) {
                if (held.inFlight() > 0) {
                    // Other runs' calls under the daily cap are in flight: their settlements may leave room.
                    if (!waiter.await(ASK_AGAIN_EVERY)) {
                        chunkContext.getStepContext().getStepExecution().setTerminateOnly();
                        return RepeatStatus.FINISHED;
                    }
                    return RepeatStatus.CONTINUABLE;
                }
                // Nothing left to collect: the run stops at its budget, the shards not submitted wait for a higher one.
                var step = chunkContext.getStepContext().getStepExecution();
                step.getJobExecution().getExecutionContext().putString(CaptionJobConfiguration.BUDGET_REACHED,
                        "the next shard (" + toUpload.get().items() + " images) could take this run past " + held.limit());
                step.setTerminateOnly();
                return RepeatStatus.FINISHED;
            }
        }
        Optional<BatchShards.Shard> toCreate = all.stream().filter(s -> s.state() == BatchShards.State.UPLOADED
                || s.state() == BatchShards.State.CREATING).findFirst();
        if (toCreate.isPresent()) {
            BatchShards.Shard shard = toCreate.get();
            if (shard.state() == BatchShards.State.CREATING
                    || Boolean.TRUE.equals(ownTransaction.execute(status -> window.claim(instance, shard, shards.shards(instance))))) {
                create(shard);
                return RepeatStatus.CONTINUABLE;
            }
            windowFull = true;
        }
        Optional<BatchShards.Shard> toClean = first(all, BatchShards.State.COLLECTED);
        if (toClean.isPresent()) {
            clean(toClean.get());
            return RepeatStatus.CONTINUABLE;
        }
        List<BatchShards.Shard> running = all.stream().filter(s -> s.state() == BatchShards.State.CREATED).toList();
        if (running.isEmpty() && !windowFull) {
            return RepeatStatus.FINISHED;
        }
        for (BatchShards.Shard shard : running) {
            BatchClient.State state = client.state(shard.batchName());
            if (state.ended()) {
                var context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
                context.putLong(SENT_AGAIN, context.getLong(SENT_AGAIN, 0L) + collect(shard, state));
                nextWait = settings.pollFirst();
                return RepeatStatus.CONTINUABLE;
            }
        }
        if (detach) {
            // Everything the window allows is submitted: the shards left wait for a later run, which collects first.
            var step = chunkContext.getStepContext().getStepExecution();
            step.getJobExecution().getExecutionContext().putLong(DETACHED, running.size());
            step.setTerminateOnly();
            return RepeatStatus.FINISHED;
        }
        if (running.isEmpty()) {
            log.info("Batch Mode: the quota pool's batch window is full with other runs' batches; looking again in {} s",
                    nextWait.toSeconds());
        } else {
            log.info("Batch Mode: {} batches at the service, none finished; looking again in {} s", running.size(), nextWait.toSeconds());
        }
        if (!waiter.await(nextWait)) {
            chunkContext.getStepContext().getStepExecution().setTerminateOnly();
            return RepeatStatus.FINISHED;
        }
        nextWait = nextWait.plus(nextWait.dividedBy(2));
        if (nextWait.compareTo(settings.pollMax()) > 0) {
            nextWait = settings.pollMax();
        }
        return RepeatStatus.CONTINUABLE;
    }

    @Override
    public org.springframework.batch.core.ExitStatus afterStep(org.springframework.batch.core.step.StepExecution stepExecution) {
        progress.close();
        return null;
    }

    private void upload(BatchShards.Shard shard) {
        Path file = ShardWriter.shardFile(folder, shard.shard());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the request file of shard " + shard.shard() + " (" + file + ") is gone before it was"
                    + " uploaded: run with --restart-fresh to prepare the run again");
        }
        shards.uploaded(instance, shard.shard(), client.upload(file, shard.displayName()));
        log.info("Batch Mode: shard {} ({} images) uploaded", shard.shard(), shard.items());
    }

    private void create(BatchShards.Shard shard) throws IOException {
        // Creating is not idempotent: the intent is committed first (the window's claim), and a crash after it finds the batch by name.
        boolean retry = shard.state() == BatchShards.State.CREATING;
        Optional<String> existing = retry ? client.find(shard.displayName()) : Optional.empty();
        String batchName = existing.orElseGet(() -> client.create(shard.fileName(), shard.displayName()));
        shards.created(instance, shard.shard(), batchName);
        log.info("Batch Mode: shard {} submitted as {}{}", shard.shard(), batchName, existing.isPresent() ? " (found after a crash)" : "");
    }

    /**
     * Writes the rows of a finished batch, in this step's transaction: answered, or failed for the next run to send
     * again. Requests that failed transiently are instead written into a later shard, one attempt more, while the
     * run's attempts last and the run waits for its batches; their request file is kept until the batch is collected
     * for that.
     *
     * @return how many requests are sent again
     */
    private int collect(BatchShards.Shard shard, BatchClient.State state) throws IOException {
        Map<Long, BatchShards.Item> waiting = new LinkedHashMap<>();
        for (BatchShards.Item item : shards.items(instance, shard.shard())) {
            waiting.put(item.position(), item);
        }
        List<ResultsTable.Positioned> rows = new ArrayList<>();
        Map<BatchShards.Item, CallOutcome> transientErrors = new LinkedHashMap<>();
        if (state == BatchClient.State.SUCCEEDED) {
            client.results(shard.batchName(), folder.resolve("results"), result -> {
                BatchShards.Item item = waiting.remove(ShardWriter.position(result.key()));
                if (item == null) {
                    return;
                }
                if (result.transientError()) {
                    transientErrors.put(item, result.outcome());
                } else {
                    rows.add(new ResultsTable.Positioned(item.position(), row(item, result.outcome())));
                }
            });
            waiting.values().forEach(item -> transientErrors.put(item, new CallOutcome.Failed(ReasonClass.BATCH_WITHOUT_ANSWER, 0)));
        } else {
            for (BatchShards.Item item : waiting.values()) {
                rows.add(new ResultsTable.Positioned(item.position(), row(item, new CallOutcome.Failed(
                        ReasonClass.BATCH_ENDED_WITHOUT_IT + shard.batchName() + " ended " + state.name() + "; the next run sends it again",
                        0))));
            }
            if (state == BatchClient.State.FAILED || state == BatchClient.State.EXPIRED) {
                shards.countFailures(List.copyOf(waiting.values()), state.name());
            }
        }
        Path requests = ShardWriter.shardFile(folder, shard.shard());
        // Under --detach nothing is sent again: the run would stay unpublished until a later invocation collected
        // those too, holding back every row of it for a few requests the next run sends again anyway. (A shard
        // submitted by a release that deleted its request file once created cannot send any again either.)
        List<BatchShards.Item> sentAgain = !detach && !transientErrors.isEmpty() && shard.attempt() < attempts
                && Files.isRegularFile(requests) ? sendAgain(shard, List.copyOf(transientErrors.keySet()), requests) : List.of();
        transientErrors.forEach((item, failed) -> {
            if (!sentAgain.contains(item)) {
                rows.add(new ResultsTable.Positioned(item.position(), row(item, new CallOutcome.Failed(((CallOutcome.Failed) failed).reason()
                        + " (in Batch Mode, " + shard.attempt() + (shard.attempt() == 1 ? " attempt" : " attempts")
                        + " in this run; the next run sends it again)", 0))));
            }
        });
        results.insertAt(instance, execution, rows);
        // Requests that failed or were sent again in a later shard were not billed here; that shard holds its own.
        budget.settle(shard, rows.stream().map(positioned -> positioned.row().usage())
                .filter(usage -> usage.promptTokens() != null && usage.costUsd() != null)
                .map(CaptionRow.Usage::costUsd).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
        RunLog.warnAbout(rows.stream().map(ResultsTable.Positioned::row).toList());
        preparer.remember(rows.stream().map(ResultsTable.Positioned::row).toList());
        shards.collected(instance, shard.shard(), state.name());
        log.info("Batch Mode: {} ended {}: {} rows written", shard.batchName(), state.name(), rows.size());
        return sentAgain.size();
    }

    /**
     * Writes the requests of {@code items}, as they were sent, into the run's next shard, one attempt more. The file
     * comes first: a crash before the commit leaves a file the collection, done again, writes again.
     *
     * @return the items whose requests are sent again (those the request file holds)
     */
    private List<BatchShards.Item> sendAgain(BatchShards.Shard failedIn, List<BatchShards.Item> items, Path requests) throws IOException {
        long next = shards.nextShard(instance);
        Path file = ShardWriter.shardFile(folder, next);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Set<String> copied;
        try (OutputStream out = Files.newOutputStream(partial)) {
            copied = BatchRequestWriter.copy(requests, items.stream().map(item -> ShardWriter.key(item.position()))
                    .collect(java.util.stream.Collectors.toSet()), out);
        }
        List<BatchShards.Item> again = items.stream().filter(item -> copied.contains(ShardWriter.key(item.position()))).toList();
        if (again.isEmpty()) {
            Files.delete(partial);
            return again;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long tokens = failedIn.predictedTokens() * again.size() / Math.max(1, failedIn.items());
        shards.addAttempt(instance, next, failedIn, tokens, again);
        log.info("Batch Mode: {} requests of shard {} failed transiently: sent again in shard {} (attempt {} of {})", again.size(),
                failedIn.shard(), next, failedIn.attempt() + 1, attempts);
        return again;
    }

    private CaptionRow row(BatchShards.Item item, CallOutcome outcome) {
        CaptionRow.ImageFacts facts = new CaptionRow.ImageFacts(item.path(), item.sha256(), item.mime(), item.width(), item.height(),
                item.sentWidth(), item.sentHeight(), item.sentBytes());
        return captioner.row(facts, item.note(), outcome, settings.priceShare()).withVersion(item.version());
    }

    private void clean(BatchShards.Shard shard) throws IOException {
        // (a crash between the batch's creation and the file's deletion leaves it: gone now)
        Files.deleteIfExists(ShardWriter.shardFile(folder, shard.shard()));
        if (shard.batchName() != null) {
            client.deleteResults(shard.batchName());
        }
        if (shard.fileName() != null) {
            client.deleteFile(shard.fileName());
        }
        shards.moveTo(instance, shard.shard(), BatchShards.State.CLEANED);
    }

    private static Optional<BatchShards.Shard> first(List<BatchShards.Shard> all, BatchShards.State state) {
        return all.stream().filter(s -> s.state() == state).findFirst();
    }
}
