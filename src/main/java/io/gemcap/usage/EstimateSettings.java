package io.gemcap.usage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How {@code estimate} predicts what it cannot count ({@code gemcap.estimate.*}).
 *
 * @param outputTokens the output tokens of one answer, until the ledger holds answers to the same request
 */
@ConfigurationProperties("gemcap.estimate")
public record EstimateSettings(int outputTokens) {

    public EstimateSettings {
        if (outputTokens < 0) {
            throw new IllegalArgumentException("gemcap.estimate.output-tokens cannot be negative, was " + outputTokens);
        }
    }
}
