package io.gemcap.job.partition;

import io.gemcap.events.PushbackTally;
import io.gemcap.events.RunListener;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowStatus;
import io.gemcap.report.Progress;
import io.gemcap.report.ProgressDisplay;
import java.math.BigDecimal;
import java.util.List;

/**
 * Feeds the progress display from the run's events as its partitions commit their chunks: one per run, shared by its
 * partitions, against the images its walk found; the quota's pushback as this execution heard it. Thread-safe.
 */
public final class RunProgress implements RunListener, AutoCloseable {

    private final ProgressDisplay display;
    private final long total;
    private final PushbackTally pushback = new PushbackTally();
    private final long doneBefore;
    private long done;
    private long failed;
    private BigDecimal cost;

    /**
     * @param total the images the run's walk found
     * @param costBefore what the run's calls cost before this execution, or {@code null} when its model has no price
     */
    RunProgress(ProgressDisplay display, long total, long doneBefore, long failedBefore, BigDecimal costBefore) {
        this.display = display;
        this.total = total;
        this.doneBefore = doneBefore;
        this.done = doneBefore;
        this.failed = failedBefore;
        this.cost = costBefore;
    }

    @Override
    public void attempted(Attempt attempt) {
        pushback.attempted(attempt);
    }

    @Override
    public void retried() {
        pushback.retried();
    }

    @Override
    public synchronized void rowsWritten(List<? extends CaptionRow> rows) {
        for (CaptionRow row : rows) {
            done++;
            if (row.status() == RowStatus.FAILED) {
                failed++;
            }
            if (cost != null && row.usage().costUsd() != null) {
                cost = cost.add(row.usage().costUsd());
            }
        }
        show();
    }

    /**
     * The rows the run has, as the results table counts them, when they are more than this process wrote: workers elsewhere
     * write theirs.
     *
     * @param costPaid what the table's rows cost, or {@code null} when the model has no price
     */
    synchronized void recount(long rows, long failedRows, BigDecimal costPaid) {
        if (rows <= done) {
            return;
        }
        done = rows;
        failed = Math.max(failed, failedRows);
        if (cost != null && costPaid != null && costPaid.compareTo(cost) > 0) {
            cost = costPaid;
        }
        show();
    }

    synchronized long done() {
        return done;
    }

    private void show() {
        display.show(new Progress(done, doneBefore, Math.max(total, done), true, failed, pushback.rateLimited(), pushback.retries(),
                cost == null ? null : cost.doubleValue(), ""));
    }

    @Override
    public synchronized void close() {
        display.close();
    }
}
