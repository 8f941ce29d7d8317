package io.gemcap.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The quota gemcap paces itself to and how many calls it keeps in flight ({@code gemcap.limits.*}).
 *
 * @param rpm requests per minute of the key's quota; 0 for none
 * @param tpm input tokens per minute; 0 for none
 * @param rpd requests per day of the pool, counted from midnight Pacific time; 0 for none (the service's own per-day 429
 *     also stops the job)
 * @param concurrency calls in flight; 0 to follow from the rate and the observed latency (Little's law)
 * @param maxConcurrency the most calls in flight, whether chosen automatically or set (at most {@value #CEILING})
 * @param expectedLatency the latency assumed until calls have been measured
 * @param quotaShare the share of the quota to use, kept just under 1 so clock jitter does not cross the limit
 * @param pool the name of the quota the limits belong to, shared by every gemcap process on the job database that
 *     names it (keys of one Google project share its rate limits, so give them one pool); empty: one of the key's
 * @param spendPer10Minutes USD the pool's calls may cost in any 10 minutes (the service's spend limit, when the
 *     project has one); 0 for none. Each call counts at its worst case, the longest answer included.
 */
@ConfigurationProperties("gemcap.limits")
public record LimitSettings(int rpm, long tpm, long rpd, int concurrency, int maxConcurrency, Duration expectedLatency,
        double quotaShare, String pool, double spendPer10Minutes) {

    /** More threads than this help no quota and cost memory. */
    public static final int CEILING = 4096;

    private static final int MAX_POOL_LENGTH = 100;

    public LimitSettings {
        if (rpm < 0 || tpm < 0 || rpd < 0 || concurrency < 0 || spendPer10Minutes < 0) {
            throw new IllegalArgumentException("gemcap.limits values cannot be negative");
        }
        if (maxConcurrency < 1) {
            maxConcurrency = 64;
        }
        if (maxConcurrency > CEILING) {
            throw new IllegalArgumentException("gemcap.limits.max-concurrency must be at most " + CEILING + ", was " + maxConcurrency);
        }
        if (expectedLatency == null) {
            expectedLatency = Duration.ofSeconds(2);
        }
        if (quotaShare <= 0 || quotaShare > 1) {
            quotaShare = 0.98;
        }
        pool = pool == null ? "" : pool.strip();
        if (pool.length() > MAX_POOL_LENGTH) {
            throw new IllegalArgumentException("gemcap.limits.pool must be at most " + MAX_POOL_LENGTH + " characters, was " + pool.length());
        }
    }

    public static LimitSettings unlimited(int concurrency) {
        return new LimitSettings(0, 0, 0, concurrency, 64, Duration.ofSeconds(1), 0.98, "", 0);
    }

    /** These limits with no request or token rate: Vertex AI's dynamic shared quota is paced by the learnt rate alone. */
    public LimitSettings withoutRates() {
        return new LimitSettings(0, 0, rpd, concurrency, maxConcurrency, expectedLatency, quotaShare, pool, spendPer10Minutes);
    }
}
