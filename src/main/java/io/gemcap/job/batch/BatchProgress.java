package io.gemcap.job.batch;

import io.gemcap.events.RunListener;
import io.gemcap.output.ResultsTable;
import io.gemcap.output.RowStatus;
import io.gemcap.report.Progress;
import io.gemcap.report.ProgressDisplay;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A Batch Mode run's progress while its batches are with the service: rows written of the images, and the batches. */
class BatchProgress implements AutoCloseable {

    private final ProgressDisplay display;
    private final ResultsTable results;
    private final long instance;
    private final boolean priced;
    private final RunListener events;
    private long doneBefore = -1;

    /** @param events told of the batches as they move */
    BatchProgress(ProgressDisplay display, ResultsTable results, long instance, boolean priced, RunListener events) {
        this.events = events;
        this.display = display;
        this.results = results;
        this.instance = instance;
        this.priced = priced;
    }

    /** Shows where the run is, from its shards and the rows written so far. */
    void show(List<BatchShards.Shard> shards) {
        Map<RowStatus, Long> counts = results.countsByStatus(instance);
        long done = counts.values().stream().mapToLong(Long::longValue).sum();
        if (doneBefore < 0) {
            doneBefore = done;
        }
        long waiting = shards.stream().filter(s -> s.state().ordinal() < BatchShards.State.COLLECTED.ordinal())
                .mapToLong(BatchShards.Shard::items).sum();
        BigDecimal cost = priced ? results.costPaid(instance) : null;
        Map<String, Long> byState = BatchShards.whereTheyAre(shards);
        events.batches(byState);
        String batches = byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        display.show(new Progress(done, doneBefore, done + waiting, true, counts.getOrDefault(RowStatus.FAILED, 0L), 0, 0,
                cost == null ? null : cost.doubleValue(), batches));
    }

    @Override
    public void close() {
        display.close();
    }
}
