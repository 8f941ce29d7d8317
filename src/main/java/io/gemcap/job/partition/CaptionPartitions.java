package io.gemcap.job.partition;

import io.gemcap.events.RunEvents;
import io.gemcap.job.RunLauncher;
import io.gemcap.job.RunParameters;
import io.gemcap.jobdb.JobDatabaseConnection;
import io.gemcap.output.ResultsTable;
import io.gemcap.output.RowStatus;
import io.gemcap.policy.CallPolicy;
import io.gemcap.report.ProgressSettings;
import io.gemcap.source.WalkTable;
import io.gemcap.usage.Prices;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * What a run's partitions share while its caption step goes on, kept from the step's start to its end: the progress line
 * and the calls in flight. At the end, work still running gives up.
 */
public final class CaptionPartitions implements StepExecutionListener {

    private final WalkTable walk;
    private final ResultsTable results;
    private final Prices prices;
    private final CallPolicy callPolicy;
    private final ProgressSettings progress;
    private final RunEvents events;
    private final Map<Long, RunEvents.Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<Long, RunProgress> byExecution = new ConcurrentHashMap<>();
    private final Map<Long, Long> lossesAtStart = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<Long, Long> instances = new ConcurrentHashMap<>();
    private final Map<Long, Long> recountedAt = new ConcurrentHashMap<>();
    /** Rows that workers write reach this process's progress line through the results table, this often at most. */
    private static final long RECOUNT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    /** @param events where the progress line hears of the chunks committed and of the quota's pushback */
    public CaptionPartitions(WalkTable walk, ResultsTable results, Prices prices, CallPolicy callPolicy, ProgressSettings progress,
            RunEvents events) {
        this.events = events;
        this.walk = walk;
        this.results = results;
        this.prices = prices;
        this.callPolicy = callPolicy;
        this.progress = progress;
    }

    @Override
    public void beforeStep(StepExecution manager) {
        long instance = manager.getJobExecution().getJobInstanceId();
        String model = RunParameters.of(manager.getJobParameters()).model();
        org.slf4j.Logger log = LoggerFactory.getLogger(RunProgress.class);
        lossesAtStart.put(manager.getJobExecutionId(), JobDatabaseConnection.losses());
        instances.put(manager.getJobExecutionId(), instance);
        RunProgress shown = new RunProgress(progress.display("Captioning", log::info), walk.count(instance), results.count(instance),
                results.countsByStatus(instance).getOrDefault(RowStatus.FAILED, 0L),
                prices.of(model).isPresent() ? results.costPaid(instance) : null);
        byExecution.put(manager.getJobExecutionId(), shown);
        subscriptions.put(manager.getJobExecutionId(), events.subscribe(shown));
    }

    /** Counts a partition of the run as running until the returned handle is closed: the calls in flight are shared. */
    public AutoCloseable sharing(long jobExecutionId) {
        AtomicInteger partitions = running.computeIfAbsent(jobExecutionId, id -> new AtomicInteger());
        partitions.incrementAndGet();
        return partitions::decrementAndGet;
    }

    /** A running partition's share of {@code calls} in flight: the partitions running at once never exceed them together. */
    public int callsOf(long jobExecutionId, int calls) {
        AtomicInteger partitions = running.get(jobExecutionId);
        int sharing = partitions == null ? 1 : Math.max(1, partitions.get());
        return Math.max(1, calls / sharing);
    }

    /** Brings the progress line up to the rows in the results table: those written by workers elsewhere too. */
    public void recount(long jobExecutionId) {
        RunProgress shown = byExecution.get(jobExecutionId);
        Long instance = instances.get(jobExecutionId);
        long now = System.nanoTime();
        Long last = recountedAt.get(jobExecutionId);
        if (shown == null || instance == null || last != null && now - last < RECOUNT_NANOS) {
            return;
        }
        recountedAt.put(jobExecutionId, now);
        Map<RowStatus, Long> counts = results.countsByStatus(instance);
        long rows = counts.values().stream().mapToLong(Long::longValue).sum();
        shown.recount(rows, counts.getOrDefault(RowStatus.FAILED, 0L), rows > shown.done() ? results.costPaid(instance) : null);
    }

    @Override
    public ExitStatus afterStep(StepExecution manager) {
        RunEvents.Subscription subscription = subscriptions.remove(manager.getJobExecutionId());
        if (subscription != null) {
            subscription.close();
        }
        RunProgress shown = byExecution.remove(manager.getJobExecutionId());
        if (shown != null) {
            shown.close();
        }
        running.remove(manager.getJobExecutionId());
        instances.remove(manager.getJobExecutionId());
        recountedAt.remove(manager.getJobExecutionId());
        Long losses = lossesAtStart.remove(manager.getJobExecutionId());
        // After a lost job database the run resumes in this process (RunLauncher), and its calls with it.
        if (losses != null && losses == JobDatabaseConnection.losses()) {
            callPolicy.stopSending();
        }
        return manager.getExitStatus();
    }
}
