package io.gemcap.gemini;

import java.time.Duration;

/**
 * One attempt failed in a way that may pass: 429, 5xx, a time-out, a dropped connection. The retry
 * policy retries it while {@link #retryable()} holds, waiting {@link #retryAfter()} when the server said.
 */
public class TransientCallException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    public TransientCallException(String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The server's RetryInfo delay, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
