package io.gemcap.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus's text format as a test reads it: the samples of a scrape, by series. */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})?) (\\S+)$");

    private PrometheusText() {
    }

    /** Every sample of {@code text}, by its series as written ({@code name{label="value",...}}), comments left out. */
    public static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        text.lines().map(SAMPLE::matcher).filter(Matcher::matches)
                .forEach(sample -> samples.put(sample.group(1), Double.parseDouble(sample.group(3))));
        return samples;
    }

    /** The samples of {@code metric} whose series holds {@code label} ({@code kind="input"}; empty: all of them). */
    public static Map<String, Double> samples(String text, String metric, String label) {
        Map<String, Double> found = new LinkedHashMap<>();
        samples(text).forEach((series, value) -> {
            if ((series.equals(metric) || series.startsWith(metric + "{")) && series.contains(label)) {
                found.put(series, value);
            }
        });
        return found;
    }

    /** A label's value in a series, or empty when it has none. */
    public static String label(String series, String name) {
        Matcher value = Pattern.compile("[{,]" + name + "=\"([^\"]*)\"").matcher(series);
        return value.find() ? value.group(1) : "";
    }
}
