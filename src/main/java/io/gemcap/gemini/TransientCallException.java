package io.gemcap.gemini;

import java.time.Duration;

/**
 * One attempt failed in a way that may pass: 429, 5xx, a time-out, a dropped connection. The call
 * policy decides whether to try again and how long to wait.
 */
public class TransientCallException extends RuntimeException {

    /** What went wrong, which decides how it is retried and whether it counts against the breaker. */
    public enum Kind {
        /** 429: a quota window is full; wait the server's delay. Not a sign of an unhealthy service. */
        RATE_LIMITED,
        /** 408 or 5xx. */
        SERVER,
        /** No answer within the call timeout. */
        TIMEOUT,
        /** Connection refused, reset or dropped. */
        NETWORK
    }

    private final Kind kind;
    private final Duration retryAfter;

    public TransientCallException(Kind kind, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's RetryInfo delay, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
