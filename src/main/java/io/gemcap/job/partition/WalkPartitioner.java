package io.gemcap.job.partition;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a run's walk ({@code walked} places) into {@code gridSize} ranges of places as even as they come, named
 * {@code p0000}, {@code p0001}, ... in walk order. The same walk and grid size give the same partitions, which is what
 * lets a restart re-run only those that did not complete (Spring Batch keeps the grid size of the first start).
 */
public final class WalkPartitioner implements Partitioner {

    /** A partition's first place (inclusive) and its end (exclusive), in its step execution's context. */
    public static final String FROM = "gemcap.walk.from";
    public static final String TO = "gemcap.walk.to";

    private final long walked;

    public WalkPartitioner(long walked) {
        this.walked = walked;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int count = Math.max(1, gridSize);
        for (int index = 0; index < count; index++) {
            ExecutionContext context = new ExecutionContext();
            context.putLong(FROM, walked * index / count);
            context.putLong(TO, walked * (index + 1) / count);
            partitions.put(name(index), context);
        }
        return partitions;
    }

    /** Names sort in walk order, up to a million partitions. */
    static String name(int index) {
        return String.format(java.util.Locale.ROOT, "p%06d", index);
    }
}
