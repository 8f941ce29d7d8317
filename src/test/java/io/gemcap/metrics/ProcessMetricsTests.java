package io.gemcap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.events.RunEvents;
import io.gemcap.events.RunListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessMetricsTests {

    private final AtomicLong clock = new AtomicLong(-5_000_000_000L);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunEvents events = new RunEvents();

    {
        events.subscribe(new ProcessMetrics(registry, 120, clock::get));
    }

    @Test
    void callsAreCountedByHowTheyEndedWithTheirLatencyInAtMostTwelveBuckets() {
        events.attempted(new RunListener.Attempt(RunListener.Outcome.ANSWERED, Duration.ofMillis(700)));
        events.attempted(new RunListener.Attempt(RunListener.Outcome.ANSWERED, Duration.ofSeconds(3)));
        events.attempted(new RunListener.Attempt(RunListener.Outcome.RATE_LIMITED, Duration.ofMillis(40)));
        events.retried();

        String text = registry.scrape();
        assertThat(text).contains("gemcap_gemini_calls_total{outcome=\"answered\"} 2.0")
                .contains("gemcap_gemini_calls_total{outcome=\"rate_limited\"} 1.0")
                .contains("gemcap_gemini_calls_total{outcome=\"server_error\"} 0.0")
                .contains("gemcap_gemini_retries_total 1.0")
                .contains("gemcap_gemini_call_latency_seconds_bucket{le=\"1.0\"} 2")
                .contains("gemcap_gemini_call_latency_seconds_bucket{le=\"+Inf\"} 3")
                .contains("gemcap_gemini_call_latency_seconds_count 3");
        assertThat(text.lines().filter(line -> line.startsWith("gemcap_gemini_call_latency_seconds_bucket"))).hasSizeLessThanOrEqualTo(12);
    }

    @Test
    void theQuotaUsedIsTheRequestsOfTheLastMinuteAgainstTheLimit() {
        for (int second = 0; second < 90; second++) {
            clock.addAndGet(1_000_000_000L);
            events.attempted(new RunListener.Attempt(RunListener.Outcome.ANSWERED, Duration.ofMillis(100)));
        }
        String text = registry.scrape();
        assertThat(text).contains("gemcap_quota_used{quota=\"requests_per_minute\"} 60.0")
                .contains("gemcap_quota_limit{quota=\"requests_per_minute\"} 120.0");

        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(registry.scrape()).contains("gemcap_quota_used{quota=\"requests_per_minute\"} 0.0");
    }

    @Test
    void imagesPreparedAndBatchesByStateAreShown() {
        events.imagePrepared(Duration.ofMillis(30), true);
        events.imagePrepared(Duration.ofMillis(10), false);
        events.batches(Map.of("with the service", 2L, "collected", 1L));
        events.batches(Map.of("collected", 3L));

        String text = registry.scrape();
        assertThat(text).contains("gemcap_images_prepared_total{result=\"sendable\"} 1.0")
                .contains("gemcap_images_prepared_total{result=\"not_sent\"} 1.0")
                .contains("gemcap_image_preparation_seconds_count 2")
                .contains("gemcap_batches{state=\"collected\"} 3.0")
                .contains("gemcap_batches{state=\"with_service\"} 0.0");
    }
}
