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
 */
@ConfigurationProperties("gemcap.job")
public record JobSettings(int chunkSize, Duration heartbeatInterval, Duration staleAfter, Double minShareOfLastRun,
        Duration stopGrace) {

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
        if (minShareOfLastRun == null) {
            minShareOfLastRun = 0.5;
        }
        if (minShareOfLastRun < 0 || minShareOfLastRun > 1) {
            throw new IllegalArgumentException("gemcap.job.min-share-of-last-run must be between 0 and 1, was " + minShareOfLastRun);
        }
    }
}
