package io.gemcap.job;

import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowStatus;
import io.gemcap.policy.CallPolicy;
import io.gemcap.report.Progress;
import io.gemcap.report.ProgressDisplay;
import io.gemcap.source.ImageCount;
import java.math.BigDecimal;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Feeds the progress display as chunks are written; closes it (and the count beside the run) when the step ends. */
class RunProgress implements ItemWriter<CaptionRow>, ItemStream {

    private final ProgressDisplay display;
    private final ImageCount count;
    private final Supplier<CallPolicy.QuotaUse> quota;
    private final long doneBefore;
    private long done;
    private long failed;
    private BigDecimal cost;

    /**
     * @param count the count of the input's images going on beside the run, or {@code null} when there is none (a bucket)
     * @param quota what the quota said in this execution so far
     * @param costBefore what the run's calls cost before this execution, or {@code null} when its model has no price
     */
    RunProgress(ProgressDisplay display, ImageCount count, Supplier<CallPolicy.QuotaUse> quota, long doneBefore, long failedBefore,
            BigDecimal costBefore) {
        this.display = display;
        this.count = count;
        this.quota = quota;
        this.doneBefore = doneBefore;
        this.done = doneBefore;
        this.failed = failedBefore;
        this.cost = costBefore;
    }

    @Override
    public void write(Chunk<? extends CaptionRow> chunk) {
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
        boolean counted = count != null && count.finished();
        long total = count == null ? done : Math.max(count.found(), done);
        display.show(new Progress(done, doneBefore, total, counted, failed, use.rateLimited(), use.retries(),
                cost == null ? null : cost.doubleValue(), ""));
    }

    @Override
    public void close() {
        if (count != null) {
            count.close();
        }
        display.close();
    }
}
