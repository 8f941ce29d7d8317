package io.gemcap.metrics;

import io.gemcap.events.RunEvents;
import io.gemcap.output.ReasonClass;
import io.gemcap.policy.LimitSettings;
import io.gemcap.report.ProgressSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The process's Micrometer registry (labelled with the job's name when the metrics open) and what feeds it. Spring Batch's observations reach it
 * through the observation registry (Spring Boot's batch observation set-up finds it); nothing is counted until a command
 * opens {@link RunMetrics}.
 */
@Configuration
public class MetricsConfiguration {

    /** A partition's step is named after the partition ({@code captionPartition:p000007}): the label keeps the step's name. */
    static final Pattern PARTITION = Pattern.compile(":p\\d+$");

    @Bean(destroyMethod = "close")
    public PrometheusMeterRegistry prometheusMeterRegistry(MetricsSettings settings) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                List<Tag> tags = id.getTags().stream()
                        .map(tag -> PARTITION.matcher(tag.getValue()).find()
                                ? Tag.of(tag.getKey(), PARTITION.matcher(tag.getValue()).replaceFirst("")) : tag)
                        .toList();
                return id.replaceTags(tags);
            }
        });
        return registry;
    }

    /** Spring Batch's jobs and steps report here; no handler (and so no cost) until the metrics open. */
    @Bean
    public ObservationRegistry observationRegistry() {
        return ObservationRegistry.create();
    }

    @Lazy
    @Bean(destroyMethod = "close")
    public RunMetrics runMetrics(MetricsSettings settings, PrometheusMeterRegistry registry, RunEvents runEvents,
            ObjectProvider<RunTotals.Source> totalsSource, ProgressSettings progress, LimitSettings limits,
            CircuitBreakerRegistry circuitBreakerRegistry, RetryRegistry retryRegistry, ObservationRegistry observationRegistry) {
        return new RunMetrics(settings, registry, runEvents, () -> new RunTotals(registry, reasonsByStatus(), totalsSource.getObject()),
                progress.every(), io.gemcap.job.RunOwner.host(), new RunMetrics.Wiring(circuitBreakerRegistry, retryRegistry,
                        observationRegistry, () -> new ProcessMetrics(registry, limits.rpm(), System::nanoTime)));
    }

    /** The closed list of reason classes, by status label. */
    static Map<String, List<String>> reasonsByStatus() {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        ReasonClass.byStatus().forEach((status, classes) -> reasons.put(status.label(), classes));
        return reasons;
    }
}
