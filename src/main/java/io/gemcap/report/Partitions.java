package io.gemcap.report;

import java.util.List;
import java.util.Map;

/**
 * A run's partitions as {@code status} and {@code jobs} show them: each partition's last step execution across the run's
 * executions, where it ran and, for those listed one per line, the rows it has.
 *
 * @param statuses partitions by status as shown (COMPLETED, STARTED, DIED, ...), in the order first met
 * @param hosts the hosts the running partitions run on (those waiting to start not counted)
 * @param captioning whether the run's caption step is going on
 * @param listed the partitions shown one per line, in name order: all of them up to {@link #LISTED}, else the unfinished
 *     ones first; empty where only the counts are wanted ({@code jobs})
 */
public record Partitions(Map<String, Integer> statuses, int hosts, boolean captioning, List<Partition> listed) {

    /** Partitions listed one per line at most. */
    public static final int LISTED = 50;

    public static final String COMPLETED = "COMPLETED";

    /** Where a partition stands with workers. */
    public enum Hold {
        /** Never sent: the run's own process runs it. */
        LOCAL,
        /** Sent (again), and no worker has taken it since. */
        WAITING,
        /** Taken by a worker. */
        HELD,
        /** Closed by the run as it stopped: nobody takes it this run. */
        CLOSED
    }

    /**
     * One partition.
     *
     * @param from its first walk position (inclusive)
     * @param to its end (exclusive)
     * @param rows the results rows whose walk positions fall in its range
     * @param hold where it stands with workers
     * @param worker the last process that took it from the workers' queue ("hostB pid 81"), or {@code null}
     * @param runProcess the run's process that split it ("hostA pid 4242"), or {@code null} when not recorded
     * @param heartbeatSeconds how long ago its worker was last heard from, by the job database's clock; {@code null} when
     *     never taken
     * @param sends how many times it was sent to workers (0: never)
     */
    public record Partition(String name, String status, long from, long to, long rows, Hold hold, String worker, String runProcess,
            Long heartbeatSeconds, int sends) {

        /** Whether it is being worked on (not waiting to start, not ended). */
        public boolean running() {
            return status.equals("STARTED") || status.equals("STOPPING");
        }

        /** Whether it has yet to end: running, or waiting to start. */
        public boolean unfinished() {
            return running() || status.equals("STARTING");
        }
    }

    public int total() {
        return statuses.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int count(String status) {
        return statuses.getOrDefault(status, 0);
    }
}
