package io.gemcap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsConfigurationTests {

    private final MetricsSettings settings = new MetricsSettings("", "captions", "", "", null, null);
    private final PrometheusMeterRegistry registry = new MetricsConfiguration().prometheusMeterRegistry(settings);

    @Test
    void noSeriesCarriesAPartitionsName() {
        for (String partition : new String[] {"captionPartition:p000000", "captionPartition:p000007"}) {
            Timer.builder("spring.batch.step").tag("spring.batch.step.name", partition).register(registry)
                    .record(Duration.ofSeconds(1));
        }

        String text = registry.scrape();

        assertThat(text).contains("spring_batch_step_seconds_count{spring_batch_step_name=\"captionPartition\"} 2")
                .doesNotContain(":p0");
    }

    @Test
    void theJobsNameIsTheFlagsElseTheOutputsStem() {
        assertThat(new MetricsSettings("nightly", "captions", "", "", null, null).jobName("products")).isEqualTo("nightly");
        assertThat(settings.jobName("products")).isEqualTo("captions");
        assertThat(new MetricsSettings("", "", "", "", null, null).jobName("products")).isEqualTo("products");
        assertThat(MetricsSettings.stem("/data/out/captions.csv")).isEqualTo("captions");
        assertThat(MetricsSettings.stem("s3://bucket/nightly/products.v2.csv")).isEqualTo("products.v2");
        assertThat(MetricsSettings.stem("gs://bucket/out/")).isEqualTo("out");
    }

    @Test
    void nothingIsCountedWithoutAFileOrAGatewayAndAWorkerWritesNoFile() {
        assertThat(settings.enabled()).isFalse();
        assertThat(new MetricsSettings("", "captions", "/x/c.prom", "", null, null).enabled()).isTrue();
        assertThat(new MetricsSettings("", "captions", "/x/c.prom", "", null, "worker").enabled()).isFalse();
        assertThat(new MetricsSettings("", "captions", "/x/c.prom", "http://gw:9091", null, "worker").enabled()).isTrue();
    }
}
