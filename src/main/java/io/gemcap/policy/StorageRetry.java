package io.gemcap.policy;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Retries a storage call (a listing page, a download, an upload) on the errors its store calls
 * transient: the same attempts and exponential backoff with jitter as a Gemini call's 5xx answers
 * ({@code gemcap.retry}). The storage clients' own retries are switched off, so this is the one layer.
 */
public final class StorageRetry {

    private final Retry retry;

    public StorageRetry(String name, RetrySettings settings, Predicate<Throwable> transientError) {
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(settings.attempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff().toMillis(), 2.0, 0.3,
                        settings.maxBackoff().toMillis()))
                .retryOnException(transientError)
                .build());
    }

    /** Runs {@code call}, again after a transient error, and rethrows the last error. */
    public <T> T call(CheckedSupplier<T> call) throws IOException {
        try {
            return retry.executeCheckedSupplier(call);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
