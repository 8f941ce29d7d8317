package io.gemcap.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a run's figures go ({@code gemcap.metrics.*}); nothing is counted or written while neither a file nor a gateway is
 * named.
 *
 * @param job the {@code gemcap_job} label and the Pushgateway's {@code job}; blank: {@code defaultJob}
 * @param defaultJob the run's output file's stem ({@code captions} for {@code captions.csv}), set by {@code run}
 * @param file a Prometheus text file (node_exporter's textfile collector reads {@code *.prom}), rewritten every
 *     {@code gemcap.progress.every} and at the end; blank: none
 * @param pushGateway a Pushgateway's URL ({@code http://host:9091}); blank: none
 * @param pushEvery how often the figures are pushed while a run goes on (and once at its end)
 * @param role {@code run} for a run's process, {@code worker} for a worker's: a worker pushes under its host name and deletes
 *     its group when it stops, and writes no file
 */
@ConfigurationProperties("gemcap.metrics")
public record MetricsSettings(String job, String defaultJob, String file, String pushGateway, Duration pushEvery, String role) {

    public MetricsSettings {
        job = job == null ? "" : job.strip();
        defaultJob = defaultJob == null ? "" : defaultJob.strip();
        file = file == null ? "" : file.strip();
        pushGateway = pushGateway == null ? "" : pushGateway.strip();
        pushEvery = pushEvery == null || pushEvery.isNegative() || pushEvery.isZero() ? Duration.ofMinutes(1) : pushEvery;
        role = role == null || role.isBlank() ? "run" : role.strip();
    }

    /** The job's name in the metrics: {@code job}, else the run's output's stem as {@code run} recorded it, else {@code outputStem}. */
    public String jobName(String outputStem) {
        return !job.isEmpty() ? job : !defaultJob.isEmpty() ? defaultJob : outputStem;
    }

    public boolean worker() {
        return role.equals("worker");
    }

    /** Whether anything reads the figures: a file (not for a worker) or a gateway. */
    public boolean enabled() {
        return !pushGateway.isEmpty() || !worker() && !file.isEmpty();
    }

    /** The stem of an output's file name: {@code captions} for {@code /data/captions.csv} or {@code s3://b/x/captions.csv}. */
    public static String stem(String output) {
        String name = output.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
