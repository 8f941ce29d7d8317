package io.gemcap.policy;

import java.time.Duration;

/**
 * Where one pool's quota for one model is kept, and its clock: in memory for one process, in the job database for
 * every process on it. Each method is one round trip that applies {@link QuotaState}'s rules atomically.
 */
public interface QuotaPool {

    /** Leases the next slots to the caller, counting what it reports. */
    QuotaState.Slice lease(QuotaState.Demand demand);

    /** Reports a 429: the pool's next slot moves past {@code retryAfter}, and its rate may be lowered. */
    void rateLimited(QuotaState.Demand demand, Duration retryAfter);

    /** Reports calls answered and slots not used, leasing nothing (a process that ends). */
    void report(QuotaState.Demand demand);
}
