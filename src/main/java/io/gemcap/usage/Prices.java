package io.gemcap.usage;

import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The price table ({@code gemcap.prices} in {@code config/application.yml}): USD per million tokens per
 * model, dated and with the page it came from, since prices change. Thinking is billed as output.
 *
 * @param asOf the day the prices were read
 * @param source where they were read
 * @param models prices by the model name a run is started with
 */
@ConfigurationProperties("gemcap.prices")
public record Prices(String asOf, String source, Map<String, ModelPrice> models) {

    /**
     * @param input USD per million input tokens
     * @param output USD per million output tokens, thinking included
     */
    public record ModelPrice(double input, double output) {

        public ModelPrice {
            if (input < 0 || output < 0) {
                throw new IllegalArgumentException("gemcap.prices cannot be negative");
            }
        }

        /** What these tokens cost, in USD. */
        public double cost(long inputTokens, long outputTokens, long thoughtTokens) {
            return (inputTokens * input + (outputTokens + thoughtTokens) * output) / 1_000_000.0;
        }
    }

    public Prices {
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    public Optional<ModelPrice> of(String model) {
        return Optional.ofNullable(model == null ? null : models.get(model));
    }
}
