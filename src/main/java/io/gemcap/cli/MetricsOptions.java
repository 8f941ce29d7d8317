package io.gemcap.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a run's metrics go ({@code run} and {@code restart}): the gemcap.metrics.* settings as flags. */
final class MetricsOptions {

    @Option(names = "--metrics-job", paramLabel = "NAME", description = "The job's name in its metrics: the gemcap_job label and"
            + " the Pushgateway's job (default: the output file's name without its extension).")
    String metricsJob;

    @Option(names = "--metrics-file", paramLabel = "PATH", description = "Write the run's metrics in Prometheus's text format to"
            + " PATH (a .prom file in node_exporter's --collector.textfile.directory), as it goes and at its end.")
    String metricsFile;

    @Option(names = "--push-gateway", paramLabel = "URL", description = "Push the run's metrics to a Prometheus Pushgateway"
            + " (http://host:9091) every minute and at its end.")
    String pushGateway;

    /** What is wrong with the flags as given, in one line. */
    Optional<String> problem() {
        if (metricsJob != null && metricsJob.isBlank()) {
            return Optional.of("--metrics-job is empty: give the name the job's metrics go under, or leave the flag out");
        }
        if (metricsFile != null && metricsFile.isBlank()) {
            return Optional.of("--metrics-file is empty: give a .prom file in node_exporter's textfile folder, or leave the flag out");
        }
        return Optional.empty();
    }

    /** The flags given, as the settings they stand for. */
    void putInto(Map<String, String> properties) {
        if (metricsJob != null) {
            properties.put("gemcap.metrics.job", metricsJob);
        }
        if (metricsFile != null) {
            properties.put("gemcap.metrics.file", Path.of(metricsFile).toAbsolutePath().normalize().toString());
        }
        if (pushGateway != null) {
            properties.put("gemcap.metrics.push-gateway", pushGateway);
        }
    }
}
