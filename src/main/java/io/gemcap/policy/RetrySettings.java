package io.gemcap.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How one image's call is retried ({@code gemcap.retry.*}).
 *
 * @param attempts attempts per image for 5xx answers before its row is {@code failed} (429s, time-outs and
 *     dropped connections do not count: they are bounded by the longest total wait, and an outage by the breaker)
 * @param initialBackoff first wait when the server gives no delay; later waits double, with jitter
 * @param maxBackoff longest single wait
 * @param maxWaitPerImage longest total wait for one image before its row is {@code failed}
 */
@ConfigurationProperties("gemcap.retry")
public record RetrySettings(int attempts, Duration initialBackoff, Duration maxBackoff, Duration maxWaitPerImage) {

    public RetrySettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("gemcap.retry.attempts must be at least 1, was " + attempts);
        }
        if (initialBackoff == null) {
            initialBackoff = Duration.ofSeconds(1);
        }
        if (maxBackoff == null) {
            maxBackoff = Duration.ofSeconds(30);
        }
        if (maxWaitPerImage == null) {
            maxWaitPerImage = Duration.ofMinutes(10);
        }
    }
}
