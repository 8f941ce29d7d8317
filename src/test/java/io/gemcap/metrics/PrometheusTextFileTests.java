package io.gemcap.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.gemcap.testing.LogLines;
import io.gemcap.testing.NodeExporterServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusTextFileTests {

    @TempDir
    Path dir;

    /** A job's figures as Micrometer writes them: a counter, a tagged gauge, a timer with fixed buckets. */
    private static PrometheusMeterRegistry registry(String job, double calls) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("gemcap_job", job);
        Counter.builder("gemcap.calls").description("Calls made to the model").tag("outcome", "ok").register(registry).increment(calls);
        registry.gauge("gemcap.batches", Tags.of("state", "running"), new AtomicInteger(3));
        Timer latency = Timer.builder("gemcap.call.latency").description("How long a call took")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry);
        latency.record(Duration.ofMillis(50));
        latency.record(Duration.ofMillis(300));
        return registry;
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> lines(String metrics, String prefix) {
        return metrics.lines().filter(line -> line.startsWith(prefix)).toList();
    }

    @Test
    void nodeExporterServesTheFilesFiguresWithNoScrapeErrorAndTheFileIsReadableByOthers() throws Exception {
        PrometheusTextFile file = PrometheusTextFile.claim(dir.resolve("nightly.prom"));

        assertThat(file.write(registry("nightly", 7).scrape())).isTrue();

        try (NodeExporterServer nodeExporter = NodeExporterServer.start(dir)) {
            String metrics = nodeExporter.metrics();
            assertThat(lines(metrics, "gemcap_")).as(nodeExporter::log).contains(
                    "gemcap_calls_total{gemcap_job=\"nightly\",outcome=\"ok\"} 7",
                    "gemcap_batches{gemcap_job=\"nightly\",state=\"running\"} 3",
                    "gemcap_call_latency_seconds_bucket{gemcap_job=\"nightly\",le=\"0.1\"} 1",
                    "gemcap_call_latency_seconds_bucket{gemcap_job=\"nightly\",le=\"0.5\"} 2",
                    "gemcap_call_latency_seconds_bucket{gemcap_job=\"nightly\",le=\"2\"} 2",
                    "gemcap_call_latency_seconds_bucket{gemcap_job=\"nightly\",le=\"+Inf\"} 2",
                    "gemcap_call_latency_seconds_count{gemcap_job=\"nightly\"} 2");
            assertThat(lines(metrics, "node_textfile_scrape_error")).containsExactly("node_textfile_scrape_error 0");
        }
        assertThat(names()).containsExactly("nightly.prom");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-r--r--");
    }

    @Test
    void twoJobsFilesInOneFolderAreBothReadWithNoScrapeError() throws Exception {
        PrometheusTextFile nightly = PrometheusTextFile.claim(dir.resolve("nightly.prom"));
        PrometheusTextFile archive = PrometheusTextFile.claim(dir.resolve("archive.prom"));
        assertThat(nightly.write(registry("nightly", 7).scrape())).isTrue();
        assertThat(archive.write(registry("archive", 40).scrape())).isTrue();

        try (NodeExporterServer nodeExporter = NodeExporterServer.start(dir)) {
            String metrics = nodeExporter.metrics();
            assertThat(lines(metrics, "gemcap_calls_total")).as(nodeExporter::log).containsExactlyInAnyOrder(
                    "gemcap_calls_total{gemcap_job=\"nightly\",outcome=\"ok\"} 7",
                    "gemcap_calls_total{gemcap_job=\"archive\",outcome=\"ok\"} 40");
            assertThat(lines(metrics, "node_textfile_scrape_error")).containsExactly("node_textfile_scrape_error 0");
        }
    }

    @Test
    void aReaderNeverSeesHalfAFileWhileItIsRewrittenAndNodeExporterNeverFailsToReadIt() throws Exception {
        PrometheusTextFile file = PrometheusTextFile.claim(dir.resolve("nightly.prom"));
        PrometheusMeterRegistry registry = registry("nightly", 0);
        Counter calls = registry.counter("gemcap.calls", "outcome", "ok");
        assertThat(file.write(registry.scrape())).isTrue();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> {
            int written = 0;
            while (writing.get()) {
                calls.increment();
                written += file.write(registry.scrape()) ? 1 : 0;
            }
            return written;
        });

        List<String> torn = new ArrayList<>();
        int scrapes = 0;
        try (NodeExporterServer nodeExporter = NodeExporterServer.start(dir)) {
            for (int read = 0; read < 2000; read++) {
                String text = Files.readString(file.path());
                if (!text.startsWith(PrometheusTextFile.FIRST_LINE) || !text.contains("gemcap_call_latency_seconds_count")) {
                    torn.add(text);
                }
                if (read % 100 == 0) {
                    assertThat(lines(nodeExporter.metrics(), "node_textfile_scrape_error")).as(nodeExporter::log)
                            .containsExactly("node_textfile_scrape_error 0");
                    scrapes++;
                }
            }
        } finally {
            writing.set(false);
        }

        assertThat(writes.get()).isGreaterThan(10);
        assertThat(torn).isEmpty();
        assertThat(scrapes).isEqualTo(20);
        assertThat(names()).containsExactly("nightly.prom");
    }

    @Test
    void aFileGemcapDidNotWriteIsRefusedAtTheStartAndLeftAsItWas() throws Exception {
        Path theirs = Files.writeString(dir.resolve("node.prom"), "# their own\nbackup_ok 1\n");

        assertThatThrownBy(() -> PrometheusTextFile.claim(theirs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the metrics file " + theirs + " exists and is not one gemcap wrote: it would be replaced; move it"
                        + " away, or choose another path");

        Files.createDirectory(dir.resolve("folder.prom"));
        assertThatThrownBy(() -> PrometheusTextFile.claim(dir.resolve("folder.prom"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not one gemcap wrote");
        assertThat(Files.readString(theirs)).isEqualTo("# their own\nbackup_ok 1\n");
    }

    @Test
    void theFileOfAnEarlierRunIsRewrittenAndOneThatTakesItsPlaceIsLeftAloneWithOneWarning() throws Exception {
        Path path = dir.resolve("nightly.prom");
        assertThat(PrometheusTextFile.claim(path).write(registry("nightly", 7).scrape())).isTrue();
        PrometheusTextFile later = PrometheusTextFile.claim(path);
        assertThat(later.write(registry("nightly", 8).scrape())).isTrue();
        assertThat(Files.readString(path)).contains("gemcap_calls_total{gemcap_job=\"nightly\",outcome=\"ok\"} 8");

        try (LogLines log = LogLines.of(PrometheusTextFile.class)) {
            Files.writeString(path, "backup_ok 1\n");

            assertThat(later.write(registry("nightly", 9).scrape())).isFalse();
            assertThat(later.write(registry("nightly", 10).scrape())).isFalse();

            assertThat(Files.readString(path)).isEqualTo("backup_ok 1\n");
            assertThat(log.all()).containsExactly("gemcap: the metrics file " + path + " was replaced by a file gemcap did not"
                    + " write: it is left alone and gets no metrics; the run goes on");
        }
    }

    @Test
    void aMissingFolderIsRefusedAtTheStart() {
        Path path = dir.resolve("textfile").resolve("nightly.prom");

        assertThatThrownBy(() -> PrometheusTextFile.claim(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the metrics file's folder " + path.getParent() + " does not exist: make it (node_exporter's"
                        + " --collector.textfile.directory), or give a path in one that does");
    }

    @Test
    void writesIntoARemovedFolderFailWithOneWarningAndTheFirstWriteAfterSaysSoOnce() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("textfile"));
        PrometheusTextFile file = PrometheusTextFile.claim(folder.resolve("nightly.prom"));
        assertThat(file.write(registry("nightly", 1).scrape())).isTrue();

        try (LogLines log = LogLines.of(PrometheusTextFile.class)) {
            Files.delete(file.path());
            Files.delete(folder);

            assertThat(file.write(registry("nightly", 2).scrape())).isFalse();
            assertThat(file.write(registry("nightly", 3).scrape())).isFalse();
            assertThat(log.all()).containsExactly("gemcap: could not write the metrics file " + file.path() + ": its folder "
                    + folder + " is gone; the run goes on");

            Files.createDirectory(folder);
            assertThat(file.write(registry("nightly", 4).scrape())).isTrue();
            assertThat(file.write(registry("nightly", 5).scrape())).isTrue();
            assertThat(log.at(Level.INFO)).containsExactly("gemcap: the metrics file " + file.path()
                    + " is written again (after 2 failed writes)");
        }
    }
}
