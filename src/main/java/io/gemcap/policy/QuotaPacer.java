package io.gemcap.policy;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces calls to the key's quota, shared by every worker.
 *
 * <p>Requests per minute are spread evenly: each request gets its own time slot, 60/RPM seconds
 * after the previous one, so no window of the service's, however short, sees more than its share.
 * (resilience4j's rate limiter refreshes permits per cycle, so two permits can fall back to back
 * across a cycle boundary: at 300 RPM that put six calls in one second and drew 429s from a
 * service enforcing five per second.) A 429 moves the next slot past the server's delay, so every
 * worker waits it out; 429s that repeat slow the pace by a tenth each, which comes back as calls
 * succeed.
 *
 * <p>Tokens per minute go through a resilience4j rate limiter refreshed every second, taken by each
 * request's estimate corrected by what the service reports. Thread-safe.
 */
public final class QuotaPacer {

    private static final Duration NO_TIMEOUT = Duration.ofDays(1);
    private static final double SLOWEST = 0.5;
    private static final Duration REPEATED_WITHIN = Duration.ofSeconds(30);
    private static final int WARM_UP_SLOTS = 20;
    private static final long ABANDON_CHECK_NANOS = Duration.ofMillis(100).toNanos();

    private final double requestsPerSecond;
    private final RateLimiter tokens;
    private final int tokensPerSecond;
    private final long requestsPerDay;
    private final AtomicLong requestsMade = new AtomicLong();
    private final AtomicInteger successesSinceSlowdown = new AtomicInteger();
    private double pace = 1.0;
    private long intervalNanos;
    private long nextSlotNanos = System.nanoTime();
    private long lastRateLimitedNanos;
    private long slotsReserved;
    private volatile double tokenCorrection = 1.0;
    private volatile boolean abandoned;

    public QuotaPacer(LimitSettings limits) {
        this.requestsPerSecond = limits.rpm() * limits.quotaShare() / 60.0;
        this.tokensPerSecond = (int) Math.max(1, limits.tpm() * limits.quotaShare() / 60.0);
        this.requestsPerDay = limits.rpd();
        this.tokens = limits.tpm() == 0 ? null : RateLimiter.of("gemini-tpm", RateLimiterConfig.custom()
                .limitForPeriod(tokensPerSecond).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(NO_TIMEOUT).build());
        this.intervalNanos = requestsPerSecond > 0 ? (long) (1e9 / requestsPerSecond) : 0;
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
        sleepUntil(reserveSlot());
        if (tokens != null) {
            int cost = (int) Math.min(tokensPerSecond, Math.max(1, Math.round(estimatedTokens * tokenCorrection)));
            tokens.acquirePermission(cost);
        }
    }

    /** Every wait for a slot, now and later, gives up ({@link CallAbandonedException}). */
    public void abandon() {
        abandoned = true;
    }

    /**
     * The service answered 429: every worker waits {@code retryAfter}. A second 429 within half a
     * minute also slows the pace by a tenth: one alone is timing jitter at the edge of a window, more
     * mean the quota is lower than configured.
     */
    public synchronized void rateLimited(Duration retryAfter) {
        long now = System.nanoTime();
        nextSlotNanos = Math.max(nextSlotNanos, now + (retryAfter == null ? Duration.ofSeconds(1) : retryAfter).toNanos());
        successesSinceSlowdown.set(0);
        boolean repeated = lastRateLimitedNanos != 0 && now - lastRateLimitedNanos < REPEATED_WITHIN.toNanos();
        lastRateLimitedNanos = now;
        if (repeated && intervalNanos > 0 && pace > SLOWEST) {
            setPace(Math.max(SLOWEST, pace * 0.9));
        }
    }

    /**
     * A call got through: the token estimate learns from the reported count, and after a slowdown the
     * pace recovers by 2% every 5 successes, so one stray 429 costs seconds, while a quota set too high
     * keeps drawing 429s that keep the pace down.
     */
    public void succeeded(int estimatedTokens, Integer reportedPromptTokens) {
        if (reportedPromptTokens != null && estimatedTokens > 0) {
            tokenCorrection = 0.9 * tokenCorrection + 0.1 * ((double) reportedPromptTokens / estimatedTokens);
        }
        if (successesSinceSlowdown.incrementAndGet() % 5 == 0) {
            synchronized (this) {
                if (pace < 1.0) {
                    setPace(Math.min(1.0, pace + 0.02));
                }
            }
        }
    }

    private void setPace(double newPace) {
        pace = newPace;
        intervalNanos = (long) (1e9 / (requestsPerSecond * newPace));
    }

    /** The start of this request's slot; with no request limit, the earliest moment any 429 allows. */
    private synchronized long reserveSlot() {
        long slot = Math.max(System.nanoTime(), nextSlotNanos);
        // The first calls of a process run cold code and arrive late by more than the spacing's slack: give them room.
        long interval = ++slotsReserved <= WARM_UP_SLOTS ? intervalNanos + intervalNanos / 10 : intervalNanos;
        nextSlotNanos = slot + interval;
        return slot;
    }

    private void sleepUntil(long deadlineNanos) {
        long wait;
        while ((wait = deadlineNanos - System.nanoTime()) > 0) {
            if (abandoned) {
                throw new CallAbandonedException();
            }
            LockSupport.parkNanos(Math.min(wait, ABANDON_CHECK_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a request slot");
            }
        }
    }
}
