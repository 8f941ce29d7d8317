package io.gemcap.gemini.emulator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The in-process emulator behind {@code --emulator} ({@code gemcap.emulator.*}).
 *
 * @param enabled start it and point the client at it
 * @param latency how long each answer takes, to look like the service
 */
@ConfigurationProperties("gemcap.emulator")
public record EmulatorSettings(boolean enabled, Duration latency) {

    public EmulatorSettings {
        if (latency == null) {
            latency = Duration.ZERO;
        }
    }
}
