package io.gemcap.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The partitions' lines of {@code status} and their figure in {@code jobs}. */
class SummaryTextTests {

    private static Partitions.Partition local(String name, String status, long from, long to, long rows) {
        return new Partitions.Partition(name, status, from, to, rows, Partitions.Hold.LOCAL, null, "hostA pid 4242", null, 0);
    }

    @Test
    void aRunOfManyPartitionsListsTheUnfinishedOnesAndCountsTheRest() {
        // given 60 partitions of 400 images: 56 completed, 2 running (one on a worker silent for 95 s, sent twice), 2 waiting
        Map<String, Integer> statuses = new LinkedHashMap<>(Map.of("COMPLETED", 56));
        statuses.put("STARTED", 2);
        statuses.put("STARTING", 2);
        List<Partitions.Partition> unfinished = List.of(local("p000056", "STARTED", 22_400, 22_800, 212),
                new Partitions.Partition("p000057", "STARTED", 22_800, 23_200, 7, Partitions.Hold.HELD, "hostB pid 81", "hostA pid 4242",
                        95L, 2),
                new Partitions.Partition("p000058", "STARTING", 23_200, 23_600, 0, Partitions.Hold.WAITING, null, "hostA pid 4242", null, 1),
                local("p000059", "STARTING", 23_600, 24_000, 0));

        List<String> lines = SummaryText.partitions(new Partitions(statuses, 2, true, unfinished));

        assertThat(lines).containsExactly(
                "  split    60 partitions: 56 COMPLETED, 2 STARTED, 2 STARTING; running on 2 hosts",
                "           p000056  STARTED   22,401-22,800  212/400 rows  run's process hostA pid 4242",
                "           p000057  STARTED   22,801-23,200    7/400 rows  worker hostB pid 81  heartbeat 1 min 35 s ago  (sent 2 times)",
                "           p000058  STARTING  23,201-23,600    0/400 rows  sent, not taken by a worker yet",
                "           p000059  STARTING  23,601-24,000    0/400 rows  run's process hostA pid 4242",
                "           and 56 more: 56 COMPLETED");
        assertThat(SummaryText.partitionsFigure(new Partitions(statuses, 2, true, List.of())))
                .isEqualTo("56/60 partitions done, 2 running on 2 hosts, 2 waiting");
    }

    @Test
    void aPartitionSaysWhoLastHeldItWhenItWaitsForAnotherWorkerAndWhenTheRunsOwnProcessHoldsIt() {
        Map<String, Integer> statuses = Map.of("STARTED", 3);
        List<Partitions.Partition> partitions = List.of(
                new Partitions.Partition("p000000", "STARTED", 0, 10, 4, Partitions.Hold.HELD, "hostA pid 4242", "hostA pid 4242", 2L, 1),
                new Partitions.Partition("p000001", "STARTED", 10, 20, 3, Partitions.Hold.WAITING, "hostB pid 81", "hostA pid 4242", 41L, 2),
                new Partitions.Partition("p000002", "STARTED", 20, 30, 0, Partitions.Hold.CLOSED, null, "hostA pid 4242", null, 1));

        assertThat(SummaryText.partitions(new Partitions(statuses, 1, true, partitions))).containsExactly(
                "  split    3 partitions: 3 STARTED; running on 1 host",
                "           p000000  STARTED  1-10   4/10 rows  worker hostA pid 4242 (the run's process)  heartbeat 2 s ago",
                "           p000001  STARTED  11-20  3/10 rows  sent again, not taken yet (last held by worker hostB pid 81)  (sent 2 times)",
                "           p000002  STARTED  21-30  0/10 rows  closed as the run stopped, never taken");
    }

    @Test
    void jobsCountsThousandsOfPartitionsInGroupsOfDigits() {
        Map<String, Integer> statuses = new LinkedHashMap<>(Map.of("COMPLETED", 1_696));
        statuses.put("STARTED", 5);
        statuses.put("STARTING", 1_299);

        assertThat(SummaryText.partitionsFigure(new Partitions(statuses, 1, true, List.of())))
                .isEqualTo("1,696/3,000 partitions done, 5 running on 1 host, 1,299 waiting");
    }

    @Test
    void aRunOfOnePartitionSaysSo() {
        List<String> lines = SummaryText.partitions(new Partitions(Map.of("COMPLETED", 1), 0, false,
                List.of(local("p000000", "COMPLETED", 0, 12, 12))));

        assertThat(lines).containsExactly("  split    1 partition: 1 COMPLETED",
                "           p000000  COMPLETED  1-12  12/12 rows  run's process hostA pid 4242");
    }
}
