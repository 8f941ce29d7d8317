package io.gemcap.policy;

import io.gemcap.gemini.TransientCallException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/** The resilience4j retry around one Gemini call. */
public final class CallRetry {

    private CallRetry() {
    }

    /**
     * Retries {@link TransientCallException}s that are still {@linkplain TransientCallException#retryable()
     * retryable}, waiting the server's delay when it gave one, otherwise exponential backoff with jitter.
     * The caller decides per attempt whether another one is allowed; the attempt cap here is only a bound.
     */
    public static Retry create(String name, RetrySettings settings) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
                settings.initialBackoff().toMillis(), 2.0, 0.2, settings.maxBackoff().toMillis());
        IntervalBiFunction<Object> wait = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof TransientCallException t && t.retryAfter() != null) {
                return t.retryAfter().toMillis();
            }
            return backoff.apply(attempt);
        };
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(settings.attempts() + settings.unreachableAfter())
                .intervalBiFunction(wait)
                .retryOnException(e -> e instanceof TransientCallException t && t.retryable())
                .failAfterMaxAttempts(false)
                .build();
        return Retry.of(name, config);
    }
}
