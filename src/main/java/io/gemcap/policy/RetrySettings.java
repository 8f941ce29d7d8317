package io.gemcap.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retry policy for Gemini calls ({@code gemcap.retry.*}).
 *
 * @param attempts attempts per image for transient HTTP errors (429, 5xx) before its row is {@code failed}
 * @param initialBackoff first wait; later waits double, with jitter
 * @param maxBackoff longest single wait
 * @param unreachableAfter calls in a row that may fail to reach the service (refused, reset, timed out)
 *     before the job stops, resumable, instead of writing {@code failed} rows
 */
@ConfigurationProperties("gemcap.retry")
public record RetrySettings(int attempts, Duration initialBackoff, Duration maxBackoff, int unreachableAfter) {

    public RetrySettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("gemcap.retry.attempts must be at least 1, was " + attempts);
        }
        if (unreachableAfter < 1) {
            throw new IllegalArgumentException("gemcap.retry.unreachable-after must be at least 1, was " + unreachableAfter);
        }
        if (initialBackoff == null) {
            initialBackoff = Duration.ofSeconds(1);
        }
        if (maxBackoff == null) {
            maxBackoff = Duration.ofSeconds(30);
        }
    }
}
