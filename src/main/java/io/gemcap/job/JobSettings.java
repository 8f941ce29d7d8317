package io.gemcap.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How runs are driven ({@code gemcap.job.*}).
 *
 * @param chunkSize images per transaction: a crash re-pays at most one chunk
 * @param heartbeatInterval how often a running job renews its lease (the overlap lock)
 * @param staleAfter a lease not renewed for this long is taken over: its holder, on another host, is taken to be dead
 * @param minShareOfLastRun a run that finds under this share of the images of the last completed run writing the same
 *     output is not published (without {@code --allow-shrink})
 * @param stopGrace after a second SIGTERM (which abandons the calls in flight), how long the run may take to commit the rows
 *     done and end before the process ends at once
 * @param partitions how many partitions the caption step splits the walk into ({@code --partitions}), or 0 to split it by
 *     {@code partitionSize}
 * @param partitionSize images per partition when no count is given ({@code --partition-size})
 * @param partitionThreads how many partitions this process captions at once, or 0 for as many as {@code partitions} up to
 *     8 (one when split by size); on PostgreSQL, where partitions also go to workers, how many this process takes at once
 *     (0: one)
 * @param workerSilence on PostgreSQL, a partition whose worker has not been heard from for this long is sent to another
 * @param localWork on PostgreSQL, whether a run's own process works on its partitions too ({@code --no-local-work}: false)
 */
@ConfigurationProperties("gemcap.job")
public record JobSettings(int chunkSize, Duration heartbeatInterval, Duration staleAfter, Double minShareOfLastRun,
        Duration stopGrace, Integer partitions, Integer partitionSize, Integer partitionThreads, Duration workerSilence,
        Boolean localWork) {

    /** Partitions at once share the calls in flight: beyond a few, more threads only split them thinner. */
    private static final int MOST_THREADS_BY_DEFAULT = 8;

    public JobSettings {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("gemcap.job.chunk-size must be at least 1, was " + chunkSize);
        }
        if (heartbeatInterval == null) {
            heartbeatInterval = Duration.ofSeconds(5);
        }
        if (staleAfter == null) {
            staleAfter = Duration.ofSeconds(60);
        }
        if (stopGrace == null) {
            stopGrace = Duration.ofSeconds(10);
        }
        workerSilence = workerSilence == null ? Duration.ofSeconds(30) : workerSilence;
        if (workerSilence.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("gemcap.job.worker-silence must be longer than gemcap.job.heartbeat-interval ("
                    + heartbeatInterval.toSeconds() + " s), was " + workerSilence.toSeconds() + " s");
        }
        localWork = localWork == null || localWork;
        partitions = partitions == null ? 0 : partitions;
        partitionSize = partitionSize == null ? 500 : partitionSize;
        partitionThreads = partitionThreads == null ? 0 : partitionThreads;
        if (partitions < 0 || partitionSize < 1 || partitionThreads < 0) {
            throw new IllegalArgumentException("gemcap.job.partitions must be 0 or more, partition-size at least 1 and"
                    + " partition-threads 0 or more; were " + partitions + ", " + partitionSize + " and " + partitionThreads);
        }
        if (minShareOfLastRun == null) {
            minShareOfLastRun = 0.5;
        }
        if (minShareOfLastRun < 0 || minShareOfLastRun > 1) {
            throw new IllegalArgumentException("gemcap.job.min-share-of-last-run must be between 0 and 1, was " + minShareOfLastRun);
        }
    }

    /** How many partitions this process takes at once from a queue shared with workers (a run's, or a worker's). */
    public int slots() {
        return partitionThreads > 0 ? partitionThreads : 1;
    }

    /** How a run started now splits its walk. */
    public RunParameters.Partitioning partitioning() {
        if (partitions > 0) {
            return new RunParameters.Partitioning(partitions, 0, partitionThreads > 0 ? partitionThreads
                    : Math.min(partitions, MOST_THREADS_BY_DEFAULT));
        }
        return new RunParameters.Partitioning(0, partitionSize, partitionThreads > 0 ? partitionThreads : 1);
    }
}
