package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.output.RowStatus;
import io.gemcap.testing.Corpus;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one run summary: what the end of a run, {@code status} and {@code run.json} say agree with the CSV and the results table. */
class RunSummaryFunctionalTests extends FolderJobTest {

    @Test
    void theSummaryCountsAreTheCsvsAndTheResultsTables() throws Exception {
        // given a mixed folder and a service that answers 500 to the first three calls
        Corpus.mixed(12).writeTo(input);
        emulator.faults().failNext(3, 500);

        // when the job runs
        GemcapCli.Result result = run();

        // then the counts per status in run.json are the CSV's and the results table's
        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, Long> csv = CsvFiles.records(output).stream()
                .collect(Collectors.groupingBy(r -> r.get("status"), TreeMap::new, Collectors.counting()));
        Map<String, Long> table = new TreeMap<>();
        cli.results().countsByStatus(cli.lastInstanceId()).forEach((status, n) -> table.put(status.label(), n));
        JsonNode report = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        Map<String, Long> summary = new TreeMap<>();
        report.get("counts").fields().forEachRemaining(e -> summary.put(e.getKey(), e.getValue().asLong()));
        assertThat(summary).isEqualTo(csv).isEqualTo(table);
        assertThat(summary.get(RowStatus.REJECTED.label())).isEqualTo(3);
        // and the summary says why rows were not captioned, the most common reasons first, and what the quota did
        assertThat(report.get("stopReason").asText()).isEqualTo("completed");
        assertThat(report.get("topReasons").findValuesAsText("reason")).contains("empty file", "response stopped: SAFETY");
        // (three 500s are retried at least once each; more when the breaker opens on them and calls wait for it)
        long retries = report.get("quota").get("retries").asLong();
        assertThat(retries).isGreaterThanOrEqualTo(3);
        assertThat(report.get("quota").get("calls").asLong()).isEqualTo(report.get("sources").get("call").asLong());
        assertThat(report.get("files").get("report").asText()).isEqualTo(dir.resolve("captions.html").toString());
        // and the end summary on screen names the same counts, the skipped files, the reasons and the files
        assertThat(result.out()).contains("images   " + csv.values().stream().mapToLong(Long::longValue).sum() + ": "
                + csv.get("ok") + " ok, 3 rejected, 1 blocked, 0 failed")
                .contains("skipped  1 hidden, 1 non-image files").contains("empty file").contains(retries + " retries")
                .contains("csv      " + output).doesNotContain("resume");
        // and status shows that very summary from the job database
        GemcapCli.Result status = cli.run("status", String.valueOf(cli.lastExecutionId()));
        assertThat(status.out()).contains(result.out().lines().filter(line -> line.startsWith("  images")).findFirst().orElseThrow())
                .contains(retries + " retries");
    }

    @Test
    void runJsonSaysARunIsRunningFromItsStartAndAKilledOneStaysSoUntilTheSameCommandEndsIt() throws Exception {
        // given a completed run, and a second one going in its own process (one call at a time, slowly)
        Corpus.mixed(4).writeTo(input);
        assertThat(run().exitCode()).isZero();
        for (int i = 0; i < 30; i++) {
            io.gemcap.testing.TestImages.write(input.resolve("new/img" + i + ".png"), io.gemcap.testing.TestImages.png(20, 20, i));
        }
        emulator.close();
        emulator = io.gemcap.gemini.emulator.GeminiEmulator.builder().latency(java.time.Duration.ofMillis(300)).build().start();
        cli.set("gemcap.limits.concurrency", "1");
        Path runJson = Path.of(output + ".run.json");
        Process child = io.gemcap.testing.ChildJvm.start(cli, java.util.List.of(runArgs()), dir.resolve("child.log"));

        // when it has started, run.json says it is running, in that process, with no exit code
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> "running".equals(new ObjectMapper().readTree(runJson.toFile()).path("outcome").asText()) || !child.isAlive());
        JsonNode running = new ObjectMapper().readTree(runJson.toFile());
        assertThat(running.get("outcome").asText()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isEqualTo("running");
        assertThat(running.get("exitCode").isNull()).isTrue();
        assertThat(running.get("run").asLong()).isEqualTo(2);
        assertThat(running.get("status").asText()).isEqualTo("STARTED");
        assertThat(running.get("pid").asLong()).isEqualTo(child.pid());

        // when that process is killed, run.json still says so: a monitor sees a running run whose process is gone
        child.destroyForcibly().waitFor();
        assertThat(new ObjectMapper().readTree(runJson.toFile())).isEqualTo(running);

        // when the same command runs again (answers quick now: 30 of 300 ms one at a time took 9 s), the run completes and
        // run.json says that
        emulator.setLatency(java.time.Duration.ofMillis(20));
        GemcapCli.Result resumed = run();
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        JsonNode ended = new ObjectMapper().readTree(runJson.toFile());
        assertThat(ended.get("outcome").asText()).isEqualTo("completed");
        assertThat(ended.get("exitCode").asInt()).isZero();
        assertThat(ended.get("run").asLong()).isEqualTo(2);
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aStoppedRunSaysHowToResumeIt() throws Exception {
        // given a folder and a budget that pays the start-up check and no image
        Corpus.mixed(6).writeTo(input);

        // when the job runs with too small a budget
        GemcapCli.Result result = run("--budget", "0.00015");

        // then it stops, and its summary gives the command that carries it on
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).contains("resume   scripts/caption run --input " + input + " --output " + output)
                .contains("(budget)");
        JsonNode report = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        assertThat(report.get("stopReason").asText()).isEqualTo("budget");
        assertThat(report.get("stoppedBy").asText()).isEqualTo("budget");
        // and status, from any process, gives the restart command
        GemcapCli.Result status = cli.run("status", String.valueOf(cli.lastExecutionId()));
        assertThat(status.out()).contains("resume   scripts/caption restart " + cli.lastExecutionId());
    }
}
