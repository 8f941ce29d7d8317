package io.gemcap.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.events.RunListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsPublisherTests {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<RunTotals.Totals> database = new AtomicReference<>(new RunTotals.Totals(
            Map.of("ok", Map.of("none", 7L), "rejected", Map.of("too_large", 2L)), Map.of("prompt", 900L, "output", 80L), 0.0125,
            Optional.empty()));
    private final RunTotals totals = new RunTotals(registry, Map.of("ok", List.of("none"), "rejected", List.of("too_large", "other")),
            (instance, jobKey) -> {
                RunTotals.Totals now = database.get();
                if (now == null) {
                    throw new IllegalStateException("connection refused");
                }
                return now;
            });
    private final List<String> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> withdrawn = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final MetricsPublisher.Outlet outlet = new MetricsPublisher.Outlet() {
        @Override
        public void publish(String text) {
            published.add(text);
        }

        @Override
        public void withdraw() {
            withdrawn.add("withdrawn");
        }
    };

    @Test
    void aRunsTotalsAreReadFromTheDatabaseWhenItStartsAndAgainAtItsEnd() {
        MetricsPublisher publisher = new MetricsPublisher(registry, totals, List.of(new MetricsPublisher.Scheduled(outlet,
                Duration.ofHours(1))), false);

        publisher.runStarted(new RunListener.RunStart(3, 4, "job"));
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
        assertThat(published.get(0)).contains("gemcap_images{reason=\"none\",status=\"ok\"} 7.0")
                .contains("gemcap_images{reason=\"too_large\",status=\"rejected\"} 2.0")
                .contains("gemcap_images{reason=\"other\",status=\"rejected\"} 0.0")
                .contains("gemcap_tokens{kind=\"input\"} 900.0").contains("gemcap_tokens{kind=\"thinking\"} 0.0")
                .contains("gemcap_cost_usd 0.0125").doesNotContain("gemcap_last_completed_timestamp_seconds");

        database.set(new RunTotals.Totals(Map.of("ok", Map.of("none", 9L)), Map.of(), 0.02,
                Optional.of(Instant.ofEpochSecond(1_800_000_000L))));
        publisher.runEnded(null);
        assertThat(published).hasSize(2);
        assertThat(published.get(1)).contains("gemcap_images{reason=\"none\",status=\"ok\"} 9.0")
                .contains("gemcap_last_completed_timestamp_seconds 1.8E9");

        publisher.close();
        assertThat(published).hasSize(2);
        assertThat(withdrawn).isEmpty();
    }

    @Test
    void whileTheRunGoesOnTheTotalsAreReadAtMostOnceAMinute() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger reads = new AtomicInteger();
        RunTotals counted = new RunTotals(registry, Map.of("ok", List.of("none")), (instance, jobKey) -> {
            reads.incrementAndGet();
            return database.get();
        }, clock::get);
        MetricsPublisher publisher = new MetricsPublisher(registry, counted, List.of(new MetricsPublisher.Scheduled(outlet,
                Duration.ofSeconds(10))), false);
        publisher.runStarted(new RunListener.RunStart(3, 4, "job"));
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);

        for (int tick = 1; tick <= 12; tick++) {
            clock.addAndGet(Duration.ofSeconds(10).toNanos());
            publisher.publish(List.of(new MetricsPublisher.Scheduled(outlet, Duration.ofSeconds(10))), false);
        }
        assertThat(published).hasSize(13);
        assertThat(reads).hasValue(3);

        publisher.runEnded(null);
        assertThat(reads).hasValue(4);
    }

    @Test
    void aDatabaseThatDoesNotAnswerLeavesTheLastTotalsAndTheFiguresStillGoOut() {
        MetricsPublisher publisher = new MetricsPublisher(registry, totals, List.of(new MetricsPublisher.Scheduled(outlet,
                Duration.ofHours(1))), false);
        publisher.runStarted(new RunListener.RunStart(3, 4, "job"));
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);

        database.set(null);
        publisher.runEnded(null);

        assertThat(published).hasSize(2);
        assertThat(published.get(1)).contains("gemcap_images{reason=\"none\",status=\"ok\"} 7.0");
    }

    @Test
    void aWorkerTakesItsFiguresBackWhenItStops() {
        MetricsPublisher publisher = new MetricsPublisher(registry, totals, List.of(new MetricsPublisher.Scheduled(outlet,
                Duration.ofHours(1))), true);
        publisher.start();

        publisher.close();

        assertThat(withdrawn).containsExactly("withdrawn");
        assertThat(registry.scrape()).doesNotContain("gemcap_images");
    }
}
