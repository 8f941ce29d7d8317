package io.gemcap.policy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Every storage call (a listing page, a download, an upload) goes through here, in the style of the
 * Gemini calls' {@link CallPolicy}: a retry on the errors the store calls transient, with the same
 * attempts and exponential backoff with jitter as a Gemini 5xx ({@code gemcap.retry}), inside a circuit
 * breaker over the calls that still failed ({@code gemcap.breaker} window and rate). One object that keeps
 * failing costs its row; once the window's share of them is reached the store counts as down, and
 * {@link StorageUnavailableException} stops the run, resumable, instead of failing the rows of everything
 * after it. The storage clients' own retries are switched off, so this is the one layer.
 */
public final class StoragePolicy {

    private final String name;
    private final Predicate<Throwable> transientError;
    private final Retry retry;
    private final CircuitBreaker breaker;

    public StoragePolicy(String name, RetrySettings retrySettings, BreakerSettings breakerSettings, Predicate<Throwable> transientError) {
        this.name = name;
        this.transientError = transientError;
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(retrySettings.attempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(retrySettings.initialBackoff().toMillis(), 2.0, 0.3,
                        retrySettings.maxBackoff().toMillis()))
                .retryOnException(transientError)
                .build());
        // Only transient errors that outlasted the retries speak of the store's health; a missing object does not.
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breakerSettings.window())
                .minimumNumberOfCalls(breakerSettings.window())
                .failureRateThreshold(breakerSettings.failureRatePercent())
                .waitDurationInOpenState(breakerSettings.openWait())
                .recordException(transientError)
                .ignoreException(transientError.negate())
                .build());
    }

    /**
     * Runs {@code call}, again after a transient error, and rethrows the last error.
     *
     * @throws StorageUnavailableException when the store counts as down
     */
    public <T> T call(CheckedSupplier<T> call) throws IOException {
        CheckedSupplier<T> decorated = Decorators.ofCheckedSupplier(call).withRetry(retry).withCircuitBreaker(breaker).decorate();
        try {
            return decorated.get();
        } catch (CallNotPermittedException e) {
            throw down(e);
        } catch (IOException | RuntimeException e) {
            // The call that opens the breaker stops the run too, so its chunk, and the failed rows in it, are not committed.
            if (transientError.test(e) && breaker.getState() == CircuitBreaker.State.OPEN) {
                throw down(e);
            }
            throw e;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private StorageUnavailableException down(Throwable last) {
        String cause = last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage().lines().findFirst().orElse("");
        return new StorageUnavailableException(name + " storage counts as down: " + breaker.getMetrics().getNumberOfFailedCalls()
                + " of the last " + breaker.getMetrics().getNumberOfBufferedCalls() + " calls failed after "
                + retry.getRetryConfig().getMaxAttempts() + " attempts each (last: " + cause + "); run the same command to resume",
                last);
    }
}
