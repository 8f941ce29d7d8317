package io.gemcap.job.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class WalkPartitionerTests {

    @Test
    void partitionsCoverTheWalkOnceInOrderAndEvenly() {
        Map<String, ExecutionContext> partitions = new WalkPartitioner(10_003).partition(7);

        assertThat(new ArrayList<>(partitions.keySet())).hasSize(7).isSorted().startsWith("p000000");
        List<long[]> ranges = new ArrayList<>();
        partitions.values().forEach(context -> ranges.add(new long[] {context.getLong(WalkPartitioner.FROM),
                context.getLong(WalkPartitioner.TO)}));
        assertThat(ranges.get(0)[0]).isZero();
        assertThat(ranges.get(6)[1]).isEqualTo(10_003);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i)[0]).isEqualTo(ranges.get(i - 1)[1]);
        }
        assertThat(ranges).allSatisfy(range -> assertThat(range[1] - range[0]).isBetween(1428L, 1430L));
    }

    @Test
    void morePartitionsThanImagesLeaveSomeEmpty() {
        Map<String, ExecutionContext> partitions = new WalkPartitioner(2).partition(4);
        assertThat(partitions).hasSize(4);
        assertThat(partitions.values().stream().mapToLong(c -> c.getLong(WalkPartitioner.TO) - c.getLong(WalkPartitioner.FROM)).sum())
                .isEqualTo(2);
    }
}
