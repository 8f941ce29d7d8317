package io.gemcap.policy;

import java.time.Duration;

/**
 * What every Gemini call passes before it is sent: the pool's quota (requests and tokens per minute, requests per
 * day), shared with every process of the pool, and what the service says of it. Implementations are thread-safe.
 */
public interface QuotaGate extends AutoCloseable {

    /**
     * Blocks until one request of {@code estimatedTokens} may be sent.
     *
     * @throws io.gemcap.gemini.DailyQuotaExhaustedException when the pool's requests-per-day limit is reached
     * @throws CallAbandonedException when {@link #abandon()} was called
     */
    void acquire(int estimatedTokens);

    /** The service answered 429 with {@code retryAfter} (null when it gave none). */
    void rateLimited(Duration retryAfter);

    /** A call was answered; the service counted {@code reportedPromptTokens} input tokens (null when unknown). */
    void succeeded(int estimatedTokens, Integer reportedPromptTokens);

    /** Every wait for a slot, now and later, gives up ({@link CallAbandonedException}). */
    void abandon();

    /** Requests per second this process is paced to now, or 0 when unlimited. */
    double requestsPerSecond();

    /** Gives back what was leased and not used. */
    @Override
    void close();

    /** A gate of this process alone, on the system clock. */
    static QuotaGate inMemory(LimitSettings limits) {
        return new PacedQuotaGate(InMemoryQuotaPool.onSystemClock(), limits, limits.rpm() > 0);
    }
}
