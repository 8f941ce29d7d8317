package io.gemcap.policy;

import io.gemcap.events.RunEvents;
import io.gemcap.events.RunListener;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.gemini.TransientCallException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every Gemini call goes through here: a circuit breaker, then the quota gate, then the call, all
 * under a retry; composed with resilience4j's decorators, the first innermost, so each retry passes
 * the breaker and takes a permit again.
 *
 * <ul>
 * <li>429 waits the server's RetryInfo delay (and pauses every worker of the pool through the quota gate); it does
 * not count against the image's attempts, only against its longest total wait.</li>
 * <li>5xx answers are retried with exponential backoff and jitter, up to the attempts per image;
 * time-outs and dropped connections likewise, up to the image's longest total wait. All three count
 * towards opening the breaker.</li>
 * <li>While the breaker is open the call waits instead of failing its row; once the service has
 * been failing for longer than the patience the job stops ({@link GeminiFatalException}).</li>
 * </ul>
 * Every attempt and every retry is told to the run's events (the progress line, the end summary and the metrics count
 * them there); the breaker and the retry are kept in resilience4j's registries, whose Micrometer binders report them.
 * Thread-safe; one instance serves all workers.
 */
public final class CallPolicy {

    private static final Duration BREAKER_POLL = Duration.ofMillis(250);

    private final RetrySettings retry;
    private final BreakerSettings breakerSettings;
    private final QuotaGate quota;
    private final CircuitBreaker breaker;
    private final IntervalFunction backoff;
    private final String serviceName;
    private final LongSupplier nanoTime;
    private volatile long failingSinceNanos;
    private volatile String lastFailure = "";
    private volatile double latencyEwmaMillis;
    /** Counted down once the run stops sending: every wait for a retry, the breaker or the quota gate ends at once. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The retry decides per image, on the thread that runs the image's call, from that image's budget. */
    private final ThreadLocal<ImageBudget> budgets = new ThreadLocal<>();
    private final Retry retryPolicy;
    private final RunListener events;

    public CallPolicy(RetrySettings retry, BreakerSettings breakerSettings, QuotaGate quota, String serviceName) {
        this(retry, breakerSettings, quota, serviceName, System::nanoTime);
    }

    /** @param nanoTime the clock the patience is measured by ({@link System#nanoTime()} but in tests) */
    public CallPolicy(RetrySettings retry, BreakerSettings breakerSettings, QuotaGate quota, String serviceName,
            LongSupplier nanoTime) {
        this(retry, breakerSettings, quota, serviceName, nanoTime, new Registries(CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults()), RunEvents.none());
    }

    /**
     * @param registries where the breaker and the retry are kept (and reported from)
     * @param events told of every attempt and every retry
     */
    public CallPolicy(RetrySettings retry, BreakerSettings breakerSettings, QuotaGate quota, String serviceName,
            LongSupplier nanoTime, Registries registries, RunListener events) {
        this.events = events;
        this.nanoTime = nanoTime;
        this.retry = retry;
        this.breakerSettings = breakerSettings;
        this.quota = quota;
        this.serviceName = serviceName;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(retry.initialBackoff().toMillis(), 2.0, 0.3,
                retry.maxBackoff().toMillis());
        this.breaker = registries.breakers().circuitBreaker("gemini", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breakerSettings.window())
                .minimumNumberOfCalls(breakerSettings.window())
                .failureRateThreshold(breakerSettings.failureRatePercent())
                .waitDurationInOpenState(breakerSettings.openWait())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(e -> e instanceof TransientCallException t && t.kind() != TransientCallException.Kind.RATE_LIMITED)
                .ignoreException(e -> !(e instanceof TransientCallException t) || t.kind() == TransientCallException.Kind.RATE_LIMITED)
                .build());
        this.retryPolicy = registries.retries().retry("gemini-call", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .retryOnException(e -> mayRetry(e, budgets.get()))
                // The wait is made before the next attempt by waitBeforeAttempt, which a stop ends at once (resilience4j's own
                // sleep could only be cut short by interrupting the thread, which may be inside the job database's driver).
                .intervalBiFunction((IntervalBiFunction<Object>) (attemptNumber, outcome) -> {
                    ImageBudget budget = budgets.get();
                    long wait = waitMillis(outcome.isLeft() ? outcome.getLeft() : null, budget);
                    budget.waitedMillis += wait;
                    budget.waitBeforeNextMillis = wait;
                    return 0L;
                })
                .failAfterMaxAttempts(false)
                .build());
        retryPolicy.getEventPublisher().onRetry(event -> events.retried());
        breaker.getEventPublisher().onStateTransition(event -> {
            switch (event.getStateTransition().getToState()) {
                case OPEN -> {
                    if (failingSinceNanos == 0) {
                        failingSinceNanos = nanoTime.getAsLong();
                    }
                }
                case CLOSED -> failingSinceNanos = 0;
                default -> {
                }
            }
        });
    }

    public QuotaGate quota() {
        return quota;
    }

    /**
     * The run stops sending (it was asked to stop, or it ended): no attempt starts from now on. A call waiting for a
     * retry's backoff, the breaker or the quota gate gives up at once ({@link CallAbandonedException}); a request already
     * sent is answered as usual, and if that answer is one a retry would follow, it is given up instead
     * ({@link CallAbandonedException#sent()}). Threads are never interrupted: they may be inside the job database's driver.
     */
    public void stopSending() {
        stopped.countDown();
        quota.abandon();
    }

    /** Whether {@link #stopSending()} was called. */
    public boolean stopping() {
        return stopped.getCount() == 0;
    }

    /** How many requests are out at the service now, waiting for their answer. */
    public int inFlight() {
        return inFlight.get();
    }

    /** resilience4j's registries the policy keeps its breaker and its retry in. */
    public record Registries(CircuitBreakerRegistry breakers, RetryRegistry retries) {
    }

    /** The average latency of successful calls so far, or {@code fallback} before the first. */
    public Duration observedLatency(Duration fallback) {
        double millis = latencyEwmaMillis;
        return millis == 0 ? fallback : Duration.ofMillis((long) millis);
    }

    /**
     * Runs one image's call under the policy.
     *
     * @param estimatedTokens the request's token estimate, for the tokens-per-minute limit
     * @param attempt one attempt; throws {@link TransientCallException} for what may pass
     * @throws TransientCallException when the image's attempts or total wait ran out
     * @throws GeminiFatalException when the service has been down for longer than the patience
     */
    public <T> T execute(int estimatedTokens, Supplier<T> attempt) {
        ImageBudget budget = new ImageBudget();
        Supplier<T> paced = () -> {
            if (stopping()) {
                throw abandoned(budget);
            }
            quota.acquire(estimatedTokens);
            // A stop while the permit was waited for: the request is not sent (and not paid) at all.
            if (stopping()) {
                throw abandoned(budget);
            }
            long started = System.nanoTime();
            budget.attempts++;
            inFlight.incrementAndGet();
            try {
                T result = attempt.get();
                long took = System.nanoTime() - started;
                double millis = took / 1e6;
                latencyEwmaMillis = latencyEwmaMillis == 0 ? millis : 0.9 * latencyEwmaMillis + 0.1 * millis;
                events.attempted(new RunListener.Attempt(RunListener.Outcome.ANSWERED, Duration.ofNanos(took)));
                return result;
            } catch (TransientCallException e) {
                events.attempted(new RunListener.Attempt(outcome(e.kind()), Duration.ofNanos(System.nanoTime() - started)));
                lastFailure = e.getMessage();
                if (e.kind() == TransientCallException.Kind.RATE_LIMITED) {
                    budget.rateLimited++;
                    quota.rateLimited(e.retryAfter());
                } else {
                    budget.failedAttempts++;
                }
                throw e;
            } finally {
                inFlight.decrementAndGet();
            }
        };
        Supplier<T> guarded = Decorators.ofSupplier(paced).withCircuitBreaker(breaker).decorate();
        Supplier<T> afterBackoff = () -> {
            waitBeforeAttempt(budget);
            return guarded.get();
        };
        budgets.set(budget);
        try {
            return Retry.decorateSupplier(retryPolicy, afterBackoff).get();
        } catch (TransientCallException e) {
            if (stopping()) {
                throw abandoned(budget);
            }
            if (patienceExceeded()) {
                throw unreachable();
            }
            throw new TransientCallException(e.kind(), e.getMessage() + " (gave up after " + (budget.failedAttempts
                    + budget.rateLimited) + " attempts)", null);
        } catch (CallNotPermittedException e) {
            if (stopping()) {
                throw abandoned(budget);
            }
            throw unreachable();
        } finally {
            budgets.remove();
        }
    }

    /** Waits out the backoff the retry chose for this image, unless the run stops sending first. */
    private void waitBeforeAttempt(ImageBudget budget) {
        long wait = budget.waitBeforeNextMillis;
        budget.waitBeforeNextMillis = 0;
        try {
            if (wait > 0 && stopped.await(wait, TimeUnit.MILLISECONDS)) {
                throw abandoned(budget);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw abandoned(budget);
        }
    }

    private static RunListener.Outcome outcome(TransientCallException.Kind kind) {
        return switch (kind) {
            case RATE_LIMITED -> RunListener.Outcome.RATE_LIMITED;
            case SERVER -> RunListener.Outcome.SERVER_ERROR;
            case TIMEOUT -> RunListener.Outcome.TIMEOUT;
            case NETWORK -> RunListener.Outcome.NETWORK;
        };
    }

    private static CallAbandonedException abandoned(ImageBudget budget) {
        return budget.attempts > 0 ? CallAbandonedException.afterSending() : new CallAbandonedException();
    }

    /**
     * Whether the service has counted as down (the breaker opened and has not closed since) for longer than
     * the patience. Checked after every failed attempt, whatever the breaker's state then: a single worker
     * whose backoff matches the breaker's open wait always meets it half-open, never refusing.
     */
    private boolean patienceExceeded() {
        long since = failingSinceNanos;
        return since != 0 && nanoTime.getAsLong() - since >= breakerSettings.patience().toNanos();
    }

    private GeminiFatalException unreachable() {
        return new GeminiFatalException(GeminiFatalException.Cause.UNREACHABLE, "the Gemini service at " + serviceName
                + " has been failing for over " + describe(breakerSettings.patience()) + " (last: " + lastFailure
                + "): run the same command to resume when it is back");
    }

    private boolean mayRetry(Throwable error, ImageBudget budget) {
        if (stopping() || patienceExceeded()) {
            return false;
        }
        if (error instanceof CallNotPermittedException) {
            return true;
        }
        if (!(error instanceof TransientCallException transientError)) {
            return false;
        }
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            // The service is down for everyone: wait for it rather than fail the row.
            return true;
        }
        if (budget.waitedMillis >= retry.maxWaitPerImage().toMillis()) {
            return false;
        }
        // Only 5xx answers use up attempts: a 429 is the quota talking, and a time-out or a dropped connection says
        // nothing against this image; if the service is down the breaker opens and the patience decides.
        return transientError.kind() != TransientCallException.Kind.SERVER || budget.failedAttempts < retry.attempts();
    }

    private long waitMillis(Throwable error, ImageBudget budget) {
        if (error instanceof CallNotPermittedException) {
            return BREAKER_POLL.toMillis();
        }
        if (error instanceof TransientCallException t && t.retryAfter() != null) {
            return t.retryAfter().toMillis();
        }
        return backoff.apply(Math.max(1, budget.failedAttempts));
    }

    private static String describe(Duration duration) {
        return duration.toMinutes() >= 1 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    /** One image's use of its retry allowance. Confined to the thread running its call. */
    private static final class ImageBudget {
        int attempts;
        int failedAttempts;
        int rateLimited;
        long waitedMillis;
        long waitBeforeNextMillis;
    }
}
