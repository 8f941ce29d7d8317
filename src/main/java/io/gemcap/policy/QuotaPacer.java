package io.gemcap.policy;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces calls to the key's quota, shared by every worker. Requests per minute are spread evenly (one
 * permit every 60/RPM seconds, never a burst at the top of the minute, since the service also
 * enforces shorter windows); tokens per minute are taken per second by each request's estimate,
 * corrected by what the service reports. A 429 pauses every worker for the server's delay and slows
 * the pace by a tenth, which comes back gradually as calls succeed. Thread-safe.
 */
public final class QuotaPacer {

    private static final Duration NO_TIMEOUT = Duration.ofDays(1);
    private static final double SLOWEST = 0.5;

    private final double requestsPerSecond;
    private final RateLimiter tokens;
    private final int tokensPerSecond;
    private final long requestsPerDay;
    private final AtomicReference<RateLimiter> requests = new AtomicReference<>();
    private final AtomicLong requestsMade = new AtomicLong();
    private final AtomicInteger successesSinceSlowdown = new AtomicInteger();
    private volatile double pace = 1.0;
    private volatile double tokenCorrection = 1.0;
    private volatile long pausedUntilNanos;

    public QuotaPacer(LimitSettings limits) {
        this.requestsPerSecond = limits.rpm() * limits.quotaShare() / 60.0;
        this.tokensPerSecond = (int) Math.max(1, limits.tpm() * limits.quotaShare() / 60.0);
        this.requestsPerDay = limits.rpd();
        this.tokens = limits.tpm() == 0 ? null : RateLimiter.of("gemini-tpm", RateLimiterConfig.custom()
                .limitForPeriod(tokensPerSecond).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(NO_TIMEOUT).build());
        if (requestsPerSecond > 0) {
            requests.set(requestLimiter(1.0));
        }
    }

    /** Requests per second this pacer allows at full pace, or 0 when unlimited. */
    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    /**
     * Blocks until one request of {@code estimatedTokens} may be sent.
     *
     * @throws DailyQuotaExhaustedException when the requests-per-day limit is reached
     */
    public void acquire(int estimatedTokens) {
        if (requestsPerDay > 0 && requestsMade.incrementAndGet() > requestsPerDay) {
            throw new DailyQuotaExhaustedException("the limit of " + requestsPerDay + " requests per day (--rpd) is reached");
        }
        waitOutPause();
        RateLimiter limiter = requests.get();
        if (limiter != null) {
            limiter.acquirePermission();
        }
        if (tokens != null) {
            int cost = (int) Math.min(tokensPerSecond, Math.max(1, Math.round(estimatedTokens * tokenCorrection)));
            tokens.acquirePermission(cost);
        }
    }

    /** The service answered 429: every worker waits {@code retryAfter}, and the pace slows by a tenth. */
    public void rateLimited(Duration retryAfter) {
        long until = System.nanoTime() + (retryAfter == null ? Duration.ofSeconds(1) : retryAfter).toNanos();
        synchronized (this) {
            if (until > pausedUntilNanos) {
                pausedUntilNanos = until;
            }
            successesSinceSlowdown.set(0);
            if (requestsPerSecond > 0 && pace > SLOWEST) {
                pace = Math.max(SLOWEST, pace * 0.9);
                requests.set(requestLimiter(pace));
            }
        }
    }

    /** A call got through: after a slowdown the pace recovers by 2% every 20 successes. */
    public void succeeded(int estimatedTokens, Integer reportedPromptTokens) {
        if (reportedPromptTokens != null && estimatedTokens > 0) {
            tokenCorrection = 0.9 * tokenCorrection + 0.1 * ((double) reportedPromptTokens / estimatedTokens);
        }
        if (pace < 1.0 && successesSinceSlowdown.incrementAndGet() % 20 == 0) {
            synchronized (this) {
                pace = Math.min(1.0, pace + 0.02);
                requests.set(requestLimiter(pace));
            }
        }
    }

    private RateLimiter requestLimiter(double share) {
        long periodNanos = (long) (1e9 / (requestsPerSecond * share));
        return RateLimiter.of("gemini-rpm", RateLimiterConfig.custom()
                .limitForPeriod(1).limitRefreshPeriod(Duration.ofNanos(periodNanos)).timeoutDuration(NO_TIMEOUT).build());
    }

    private void waitOutPause() {
        long wait;
        while ((wait = pausedUntilNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting out a rate limit");
            }
        }
    }
}
