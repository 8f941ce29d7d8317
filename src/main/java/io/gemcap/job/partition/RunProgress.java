package io.gemcap.job.partition;

import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowStatus;
import io.gemcap.policy.CallPolicy;
import io.gemcap.report.Progress;
import io.gemcap.report.ProgressDisplay;
import java.math.BigDecimal;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Feeds the progress display as the run's partitions write their chunks: one per run, shared by its partitions, against
 * the images its walk found. Thread-safe.
 */
public final class RunProgress implements ItemWriter<CaptionRow>, AutoCloseable {

    private final ProgressDisplay display;
    private final long total;
    private final Supplier<CallPolicy.QuotaUse> quota;
    private final long doneBefore;
    private long done;
    private long failed;
    private BigDecimal cost;

    /**
     * @param total the images the run's walk found
     * @param quota what the quota said in this execution so far
     * @param costBefore what the run's calls cost before this execution, or {@code null} when its model has no price
     */
    RunProgress(ProgressDisplay display, long total, Supplier<CallPolicy.QuotaUse> quota, long doneBefore, long failedBefore,
            BigDecimal costBefore) {
        this.display = display;
        this.total = total;
        this.quota = quota;
        this.doneBefore = doneBefore;
        this.done = doneBefore;
        this.failed = failedBefore;
        this.cost = costBefore;
    }

    @Override
    public synchronized void write(Chunk<? extends CaptionRow> chunk) {
        for (CaptionRow row : chunk) {
            done++;
            if (row.status() == RowStatus.FAILED) {
                failed++;
            }
            if (cost != null && row.usage().costUsd() != null) {
                cost = cost.add(row.usage().costUsd());
            }
        }
        CallPolicy.QuotaUse use = quota.get();
        display.show(new Progress(done, doneBefore, Math.max(total, done), true, failed, use.rateLimited(), use.retries(),
                cost == null ? null : cost.doubleValue(), ""));
    }

    /**
     * The rows the run has, as the results table counts them, when they are more than this process wrote: workers elsewhere
     * write theirs. The cost stays what this process's rows cost.
     */
    synchronized void recount(long rows, long failedRows) {
        if (rows <= done) {
            return;
        }
        done = rows;
        failed = Math.max(failed, failedRows);
        CallPolicy.QuotaUse use = quota.get();
        display.show(new Progress(done, doneBefore, Math.max(total, done), true, failed, use.rateLimited(), use.retries(),
                cost == null ? null : cost.doubleValue(), ""));
    }

    @Override
    public synchronized void close() {
        display.close();
    }
}
