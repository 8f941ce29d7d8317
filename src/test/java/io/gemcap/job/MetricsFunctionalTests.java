package io.gemcap.job;

import static io.gemcap.testing.PrometheusText.label;
import static io.gemcap.testing.PrometheusText.samples;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.Corpus;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.NodeExporterServer;
import io.gemcap.testing.PushgatewayServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run's figures reach the monitoring a team runs, read by the real programs: node_exporter's textfile collector and a
 * Pushgateway (Debian's, installed when missing), equal to the run's summary.
 */
class MetricsFunctionalTests extends FolderJobTest {

    private final long runStarted = java.time.Instant.now().getEpochSecond();

    @Test
    void nodeExportersTextfileCollectorServesTheRunsFiguresEqualToItsSummary() throws Exception {
        // given a mixed folder, a service that answers 429 to two calls, and node_exporter reading a folder of .prom files
        Corpus.mixed(12).writeTo(input);
        emulator.faults().failNext(2, 429);
        Path textfiles = Files.createDirectories(dir.resolve("textfile"));
        try (NodeExporterServer nodeExporter = NodeExporterServer.start(textfiles)) {

            // when the run writes its metrics file there
            GemcapCli.Result result = run("--metrics-file", textfiles.resolve("captions.prom").toString());

            // then node_exporter serves gemcap's figures with no scrape error, each the summary's
            assertThat(result.exitCode()).as(result.err()).isZero();
            String scraped = nodeExporter.metrics();
            assertThat(scraped).as(nodeExporter.log()).contains("node_textfile_scrape_error 0");
            assertEqualsSummary(samples(scraped), Path.of(output + ".run.json"));
            // and no label of gemcap's takes a path or a partition
            assertThat(scraped.lines().filter(line -> line.contains("gemcap_job="))).isNotEmpty()
                    .noneMatch(line -> line.contains(dir.toString()) || line.contains(":p0"));
        }
    }

    @Test
    void aPushgatewayCarriesTheRunsFiguresUnderTheJobsGroup() throws Exception {
        Corpus.mixed(8).writeTo(input);
        try (PushgatewayServer gateway = PushgatewayServer.start()) {

            GemcapCli.Result result = run("--push-gateway", gateway.url(), "--metrics-job", "nightly-products");

            assertThat(result.exitCode()).as(result.err()).isZero();
            String pushed = gateway.metrics();
            Map<String, Double> samples = samples(pushed);
            assertThat(samples.keySet()).anyMatch(series -> series.startsWith("gemcap_images{")
                    && series.contains("gemcap_job=\"nightly-products\"") && series.contains("job=\"nightly-products\""));
            assertEqualsSummary(samples, Path.of(output + ".run.json"));
            // the job's totals group has no instance: the next night's run replaces it
            assertThat(samples.keySet()).filteredOn(series -> series.startsWith("gemcap_cost_usd{"))
                    .singleElement().asString().contains("instance=\"\"");
        }
    }

    @Test
    void aGatewayThatCannotBeReachedOrIsMalformedCostsOneWarningLineAndNeverTheRun() throws Exception {
        Corpus.mixed(6).writeTo(input);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        // (the run's process pushes at its start and at its end: two failed pushes)
        String unreached = runInItsOwnProcess("unreached.log", "--push-gateway", "http://user:secret@127.0.0.1:" + closed);
        assertThat(unreached.lines().filter(line -> line.contains("could not push metrics to the Pushgateway at http://127.0.0.1:")))
                .as(unreached).hasSize(1);
        assertThat(unreached).doesNotContain("secret").contains("run 1 completed");

        String malformed = runInItsOwnProcess("malformed.log", "--push-gateway", "pushgateway:9091", "--force");
        assertThat(malformed.lines().filter(line -> line.contains("no metrics are pushed"))).as(malformed).singleElement()
                .asString().contains("http://pushgateway:9091");
        assertThat(malformed).contains("run 2 completed");
    }

    /** Runs {@code run} in a JVM of its own, as cron would, with gemcap's log lines shown; what it printed. */
    private String runInItsOwnProcess(String log, String... extra) throws Exception {
        cli.set("logging.level.io.gemcap", "INFO");
        Process child = ChildJvm.start(cli, List.of(runArgs(extra)), dir.resolve(log));
        assertThat(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(dir.resolve(log));
        assertThat(child.exitValue()).as(printed).isZero();
        return printed;
    }

    @Test
    void theCommandThatResumesARunNeverShowsTheGatewaysPassword() throws Exception {
        Corpus.mixed(6).writeTo(input);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        // run.json keeps the command that resumes the run (one that stops prints it too)
        GemcapCli.Result ran = run("--push-gateway", "http://carol:t0pSecret@127.0.0.1:" + closed);

        assertThat(ran.exitCode()).as(ran.err()).isZero();
        assertThat(ran.out() + ran.err()).doesNotContain("t0pSecret");
        assertThat(new ObjectMapper().readTree(Path.of(output + ".run.json").toFile()).get("resumeCommand").asText())
                .contains("--push-gateway http://USER:PASSWORD@127.0.0.1:" + closed).doesNotContain("t0pSecret").doesNotContain("carol");

    }

    @Test
    void aRunKilledAndFinishedByRestartHasItsFiguresWrittenByTheRestart() throws Exception {
        // given a run killed in its own process after some calls
        for (int i = 0; i < 24; i++) {
            io.gemcap.testing.TestImages.write(input.resolve("img" + i + ".png"), io.gemcap.testing.TestImages.png(20, 20, i));
        }
        emulator.setLatency(java.time.Duration.ofMillis(250));
        cli.set("gemcap.limits.concurrency", "1");
        Process child = ChildJvm.start(cli, List.of(runArgs()), dir.resolve("child.log"));
        // (the test reads the emulator, not the job database: its first opener would hold it)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() -> !child.isAlive() || emulator.calls() >= 10);
        assertThat(child.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
        child.destroyForcibly().waitFor();
        emulator.setLatency(java.time.Duration.ofMillis(10));
        Path textfiles = Files.createDirectories(dir.resolve("textfile"));

        // when restart finishes it, with a metrics file
        GemcapCli.Result restarted = cli.run("restart", String.valueOf(cli.lastExecutionId()), "--endpoint", emulator.baseUrl(),
                "--metrics-file", textfiles.resolve("captions.prom").toString());

        // then the file has the whole run's figures, under the job's name, and says it completed
        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        Map<String, Double> written = samples(Files.readString(textfiles.resolve("captions.prom")));
        assertThat(samples(Files.readString(textfiles.resolve("captions.prom")), "gemcap_images", "status=\"ok\"").values()
                .stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(24.0);
        assertThat(written.keySet()).filteredOn(series -> series.startsWith("gemcap_last_completed_timestamp_seconds"))
                .singleElement().asString().contains("gemcap_job=\"captions\"");
    }

    @Test
    void aMetricsFileGemcapDidNotWriteIsNeverReplaced() throws Exception {
        Corpus.mixed(3).writeTo(input);
        Path foreign = Files.writeString(dir.resolve("node.prom"), "# the host's own figures\nhost_up 1\n");

        GemcapCli.Result result = run("--metrics-file", foreign.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("gemcap: the metrics file").contains("is not one gemcap wrote").doesNotContain("\n");
        assertThat(Files.readString(foreign)).isEqualTo("# the host's own figures\nhost_up 1\n");
        assertThat(output).doesNotExist();
        assertThat(run("--metrics-job", " ").err()).contains("--metrics-job is empty");
        assertThat(run("--metrics-file", "").err()).contains("--metrics-file is empty");
        // nor is a file of the run's own taken for its metrics
        GemcapCli.Result onTheCsv = run("--metrics-file", output.toString());
        assertThat(onTheCsv.exitCode()).isEqualTo(2);
        assertThat(onTheCsv.err()).contains("is the run's CSV");
        assertThat(run("--metrics-file", output + ".run.json").err()).contains("is the run's run.json");
        assertThat(run("--metrics-file", dir.resolve("captions.html").toString()).err()).contains("is the run's HTML report");
        Path linked = Files.createSymbolicLink(dir.resolve("linked"), dir);
        assertThat(run("--metrics-file", linked.resolve("captions.csv").toString()).err()).contains("is the run's CSV");
        assertThat(output).doesNotExist();
    }

    /** The run's totals and this process's calls, as the metrics say them, are what run.json says. */
    private void assertEqualsSummary(Map<String, Double> samples, Path runJson) throws Exception {
        JsonNode summary = new ObjectMapper().readTree(runJson.toFile());
        Map<String, Long> images = new HashMap<>();
        samples.forEach((series, value) -> {
            if (series.startsWith("gemcap_images{")) {
                images.merge(label(series, "status"), value.longValue(), Long::sum);
            }
        });
        Map<String, Long> counts = new HashMap<>();
        summary.get("counts").fields().forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        images.values().removeIf(n -> n == 0);
        assertThat(images).isEqualTo(counts);
        assertThat(only(samples, "gemcap_tokens", "kind=\"input\"")).isEqualTo(summary.get("tokens").get("prompt").asDouble());
        assertThat(only(samples, "gemcap_tokens", "kind=\"output\"")).isEqualTo(summary.get("tokens").get("output").asDouble());
        assertThat(only(samples, "gemcap_cost_usd", "")).isCloseTo(summary.get("costUsd").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(only(samples, "gemcap_gemini_calls_total", "outcome=\"rate_limited\""))
                .isEqualTo(summary.get("quota").get("rateLimited").asDouble());
        assertThat(only(samples, "gemcap_gemini_retries_total", "")).isEqualTo(summary.get("quota").get("retries").asDouble());
        double calls = samples.entrySet().stream().filter(sample -> sample.getKey().startsWith("gemcap_gemini_calls_total{"))
                .mapToDouble(Map.Entry::getValue).sum();
        assertThat(calls).isEqualTo(summary.get("quota").get("calls").asDouble() + summary.get("quota").get("rateLimited").asDouble());
        // the run just completed: the job's last completed run is this one
        assertThat(only(samples, "gemcap_last_completed_timestamp_seconds", ""))
                .isBetween(runStarted - 1.0, java.time.Instant.now().getEpochSecond() + 1.0);
    }

    private static double only(Map<String, Double> samples, String metric, String label) {
        List<Double> found = samples.entrySet().stream()
                .filter(sample -> sample.getKey().startsWith(metric + "{") && sample.getKey().contains(label))
                .map(Map.Entry::getValue).toList();
        assertThat(found).as(metric + " " + label).hasSize(1);
        return found.get(0);
    }
}
