package io.gemcap.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the service counts as down, and how long the job waits for it ({@code gemcap.breaker.*}).
 *
 * @param window calls the failure rate is measured over
 * @param failureRatePercent share of 5xx, time-outs and dropped connections in the window that opens the breaker
 * @param openWait how long the breaker stays open before letting trial calls through
 * @param patience how long the service may stay down before the job stops, resumable, instead of waiting on
 */
@ConfigurationProperties("gemcap.breaker")
public record BreakerSettings(int window, int failureRatePercent, Duration openWait, Duration patience) {

    public BreakerSettings {
        if (window < 2) {
            window = 10;
        }
        if (failureRatePercent < 1 || failureRatePercent > 100) {
            failureRatePercent = 50;
        }
        if (openWait == null) {
            openWait = Duration.ofSeconds(30);
        }
        if (patience == null) {
            patience = Duration.ofMinutes(10);
        }
    }
}
