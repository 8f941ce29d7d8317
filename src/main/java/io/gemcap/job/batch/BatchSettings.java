package io.gemcap.job.batch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Batch Mode ({@code gemcap.batch.*}).
 *
 * @param shardImages images per shard (one request file, one batch)
 * @param maxRunning batches pending or running at once (the service allows 100 per project)
 * @param maxEnqueuedTokens input tokens of the batches pending or running at once, per model (the tier's limit)
 * @param priceShare the share of the standard price Batch Mode costs
 * @param pollFirst the first wait between looks at a batch's state; it grows by half each time
 * @param pollMax the longest wait between looks
 */
@ConfigurationProperties("gemcap.batch")
public record BatchSettings(int shardImages, int maxRunning, long maxEnqueuedTokens, double priceShare, Duration pollFirst,
        Duration pollMax) {

    public BatchSettings {
        if (shardImages < 1 || maxRunning < 1 || maxEnqueuedTokens < 1) {
            throw new IllegalArgumentException("gemcap.batch.shard-images, max-running and max-enqueued-tokens must be at least 1");
        }
        if (!(priceShare > 0 && priceShare <= 1)) {
            throw new IllegalArgumentException("gemcap.batch.price-share must be above 0 and at most 1, was " + priceShare);
        }
        pollFirst = pollFirst == null ? Duration.ofSeconds(2) : pollFirst;
        pollMax = pollMax == null ? Duration.ofMinutes(1) : pollMax;
    }
}
