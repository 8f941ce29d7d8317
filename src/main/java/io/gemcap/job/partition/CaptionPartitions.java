package io.gemcap.job.partition;

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
    private final Map<Long, RunProgress> byExecution = new ConcurrentHashMap<>();
    private final Map<Long, Long> lossesAtStart = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();

    public CaptionPartitions(WalkTable walk, ResultsTable results, Prices prices, CallPolicy callPolicy, ProgressSettings progress) {
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
        CallPolicy.QuotaUse start = callPolicy.quotaUse();
        org.slf4j.Logger log = LoggerFactory.getLogger(RunProgress.class);
        lossesAtStart.put(manager.getJobExecutionId(), JobDatabaseConnection.losses());
        byExecution.put(manager.getJobExecutionId(), new RunProgress(progress.display("Captioning", log::info), walk.count(instance),
                () -> callPolicy.quotaUse().since(start), results.count(instance),
                results.countsByStatus(instance).getOrDefault(RowStatus.FAILED, 0L),
                prices.of(model).isPresent() ? results.costPaid(instance) : null));
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

    /** The progress line of a run whose caption step is going on. */
    public RunProgress progressOf(long jobExecutionId) {
        RunProgress shown = byExecution.get(jobExecutionId);
        if (shown == null) {
            throw new IllegalStateException("no caption step is going on for execution " + jobExecutionId);
        }
        return shown;
    }

    @Override
    public ExitStatus afterStep(StepExecution manager) {
        RunProgress shown = byExecution.remove(manager.getJobExecutionId());
        if (shown != null) {
            shown.close();
        }
        running.remove(manager.getJobExecutionId());
        Long losses = lossesAtStart.remove(manager.getJobExecutionId());
        // After a lost job database the run resumes in this process (RunLauncher), and its calls with it.
        if (losses != null && losses == JobDatabaseConnection.losses()) {
            callPolicy.stopSending();
        }
        return manager.getExitStatus();
    }
}
