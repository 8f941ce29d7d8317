package io.gemcap.gemini.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.gemcap.usage.Prices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the emulator billed, as the service would: every generate request it answered (a start-up check as much as an
 * image's call, an answer the caller no longer waited for included), by the usage it reported, per model, online and
 * in Batch Mode apart. Requests refused or failed are not billed. Thread-safe.
 */
public final class EmulatorInvoice {

    /** The billed requests of one model, online or in Batch Mode, and their tokens (output with thinking). */
    public record Line(String model, boolean batch, long requests, long inputTokens, long outputTokens) {

        Line plus(long input, long output) {
            return new Line(model, batch, requests + 1, inputTokens + input, outputTokens + output);
        }
    }

    /** The invoice so far. */
    public record Invoice(List<Line> lines) {

        /** Its total in USD at these prices, Batch Mode at {@code batchShare} of them; a model without a price costs nothing. */
        public double usd(Prices prices, double batchShare) {
            double total = 0;
            for (Line line : lines) {
                double share = line.batch() ? batchShare : 1.0;
                total += share * prices.of(line.model()).map(price -> price.cost(line.inputTokens(), line.outputTokens(), 0)).orElse(0.0);
            }
            return total;
        }

        public long requests() {
            return lines.stream().mapToLong(Line::requests).sum();
        }
    }

    private final Map<String, Line> lines = new TreeMap<>();

    /** Bills one answered request by its response's {@code usageMetadata}. */
    synchronized void bill(String model, boolean batch, JsonNode response) {
        JsonNode usage = response.path("usageMetadata");
        long input = usage.path("promptTokenCount").asLong(0);
        long output = usage.path("candidatesTokenCount").asLong(0) + usage.path("thoughtsTokenCount").asLong(0);
        lines.compute(model + (batch ? " batch" : ""), (key, line) -> (line == null ? new Line(model, batch, 0, 0, 0) : line)
                .plus(input, output));
    }

    synchronized Invoice invoice() {
        return new Invoice(List.copyOf(new ArrayList<>(lines.values())));
    }
}
