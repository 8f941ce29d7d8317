package io.gemcap.metrics;

import io.gemcap.events.RunEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's metrics, opened by the command that runs (a run, a worker) and not by those that only look: counting starts
 * (the run's events, resilience4j's breaker and retry, Spring Batch's observations) and the figures go to the file and the
 * gateway the settings name. Closing it sends the last figures, or withdraws a worker's.
 */
public final class RunMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

    private final MetricsSettings settings;
    private final PrometheusMeterRegistry registry;
    private final RunEvents events;
    private final Supplier<RunTotals> totals;
    private final Duration fileEvery;
    private final String host;
    private final Wiring wiring;
    private final List<RunEvents.Subscription> subscriptions = new ArrayList<>();
    private MetricsPublisher publisher;

    /** What the process's meters come from, bound when the metrics open. */
    public record Wiring(CircuitBreakerRegistry breakers, RetryRegistry retries, ObservationRegistry observations,
            Supplier<ProcessMetrics> process) {
    }

    /**
     * @param totals the run's totals (read from the job database), made when the metrics open
     * @param fileEvery how often the file is written ({@code gemcap.progress.every})
     * @param host the name a worker pushes under
     */
    public RunMetrics(MetricsSettings settings, PrometheusMeterRegistry registry, RunEvents events, Supplier<RunTotals> totals,
            Duration fileEvery, String host, Wiring wiring) {
        this.settings = settings;
        this.registry = registry;
        this.events = events;
        this.totals = totals;
        this.fileEvery = fileEvery;
        this.host = host;
        this.wiring = wiring;
    }

    /**
     * Starts counting and publishing, when the settings name a file or a gateway. A gateway whose URL cannot be used costs a
     * warning line, never the run.
     *
     * @param outputStem the job's name in the metrics when the settings give none (the run's output's stem)
     * @throws IllegalArgumentException with one line saying why, when the metrics file cannot be written (or is a file gemcap
     *     did not write)
     */
    public synchronized void open(String outputStem) {
        if (publisher != null || !settings.enabled()) {
            return;
        }
        String job = settings.jobName(outputStem);
        // (before any meter is registered: a common tag is not added to meters already there)
        registry.config().commonTags("gemcap_job", job);
        List<MetricsPublisher.Scheduled> outlets = new ArrayList<>();
        if (!settings.worker() && !settings.file().isEmpty()) {
            PrometheusTextFile file = PrometheusTextFile.claim(Path.of(settings.file()));
            if (!file.path().getFileName().toString().endsWith(".prom")) {
                LOG.warn("gemcap: node_exporter's textfile collector reads only files named *.prom, not {}", file.path().getFileName());
            }
            outlets.add(new MetricsPublisher.Scheduled(file::write, fileEvery));
        }
        if (!settings.pushGateway().isEmpty()) {
            try {
                outlets.add(new MetricsPublisher.Scheduled(gatewayOutlet(PushGateway.of(settings.pushGateway()), job),
                        settings.pushEvery()));
            } catch (IllegalArgumentException e) {
                LOG.warn("gemcap: no metrics are pushed: {}; the run goes on", e.getMessage());
            }
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(wiring.breakers()).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(wiring.retries()).bindTo(registry);
        wiring.observations().observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
        subscriptions.add(events.subscribe(wiring.process().get()));
        publisher = new MetricsPublisher(registry, totals.get(), outlets, settings.worker());
        subscriptions.add(events.subscribe(publisher));
        if (settings.worker()) {
            publisher.publishNow();
            publisher.start();
        }
    }

    /**
     * A run's process pushes to the job's group ({@code job} only), which keeps the run's totals after it ends; a worker to
     * its own ({@code job} and its host as {@code instance}), which it deletes when it stops.
     */
    private MetricsPublisher.Outlet gatewayOutlet(PushGateway gateway, String job) {
        LinkedHashMap<String, String> group = new LinkedHashMap<>();
        group.put("job", job);
        if (settings.worker()) {
            group.put("instance", host);
        }
        return new MetricsPublisher.Outlet() {
            @Override
            public void publish(String text) {
                gateway.push(group, text);
            }

            @Override
            public void withdraw() {
                gateway.delete(group);
            }
        };
    }

    @Override
    public synchronized void close() {
        subscriptions.forEach(RunEvents.Subscription::close);
        subscriptions.clear();
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
    }
}
