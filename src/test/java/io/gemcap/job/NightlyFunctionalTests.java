package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.image.ImageInspector;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same command every night over an archive that changes: only what is new is paid for. */
class NightlyFunctionalTests extends FolderJobTest {

    @BeforeEach
    void archive() {
        input = dir.resolve("archive");
        for (int i = 0; i < 30; i++) {
            TestImages.write(input.resolve("2025/img" + i + ".png"), TestImages.png(20, 20, i));
        }
    }

    private Map<String, CSVRecord> rows() {
        return CsvFiles.records(output).stream().collect(Collectors.toMap(r -> r.get("path"), r -> r));
    }

    @Test
    void theSecondNightPaysOnlyForNewImagesAndTheCsvDescribesTheArchiveAsItIsNow() throws IOException {
        assertThat(run().exitCode()).isZero();
        Map<String, CSVRecord> firstNight = rows();
        assertThat(emulator.calls()).isEqualTo(30);

        // given 10 new images, 5 renamed (one moved to another folder), 1 deleted
        for (int i = 0; i < 10; i++) {
            TestImages.write(input.resolve("2026/new" + i + ".png"), TestImages.png(20, 20, 100 + i));
        }
        for (int i = 0; i < 5; i++) {
            Path from = input.resolve("2025/img" + i + ".png");
            Path to = input.resolve(i == 0 ? "moved/renamed0.png" : "2025/renamed" + i + ".png");
            Files.createDirectories(to.getParent());
            Files.move(from, to);
        }
        Files.delete(input.resolve("2025/img29.png"));

        // when the same command runs
        GemcapCli.Result second = run();

        // then exactly the 10 new images were sent
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("run 2 completed");
        assertThat(emulator.calls()).isEqualTo(30 + 10);
        Map<String, CSVRecord> rows = rows();
        assertThat(rows).hasSize(30 + 10 - 1);
        assertThat(rows).doesNotContainKey("2025/img29.png").doesNotContainKey("2025/img0.png");
        // renamed files keep their captions under their new paths, from the ledger
        assertThat(rows.get("moved/renamed0.png").get("caption")).isEqualTo(firstNight.get("2025/img0.png").get("caption"));
        assertThat(rows.get("moved/renamed0.png").get("source")).isEqualTo("ledger");
        assertThat(rows.get("2025/renamed3.png").get("caption")).isEqualTo(firstNight.get("2025/img3.png").get("caption"));
        assertThat(rows.get("2026/new4.png").get("source")).isEqualTo("call");
        assertThat(rows.values()).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("ok"));
        // and the run's report for monitoring says the same
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        assertThat(report.get("exitCode").asInt()).isZero();
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.get("counts").get("ok").asLong()).isEqualTo(39);
        assertThat(report.get("sources").get("call").asLong()).isEqualTo(10);
        assertThat(report.get("sources").get("ledger").asLong()).isEqualTo(29);
        assertThat(report.get("tokens").get("prompt").asLong()).isPositive();
        assertThat(report.get("resumeCommand").asText()).isEqualTo("scripts/caption run --input " + input + " --output " + output
                + " --endpoint " + emulator.baseUrl());
    }

    @Test
    void aChangedFileIsCaptionedAgainAndFailedRowsAreRetried() {
        emulator.faults().failNext(6 * 4 + 6, 500);
        cli.set("gemcap.limits.concurrency", "1").set("gemcap.breaker.window", "100");
        GemcapCli.Result first = run();
        assertThat(first.exitCode()).as(first.err()).isZero();
        long failed = rows().values().stream().filter(r -> r.get("status").equals("failed")).count();
        assertThat(failed).isPositive();
        byte[] changed = TestImages.png(21, 21, 999);
        TestImages.write(input.resolve("2025/img7.png"), changed);
        int callsBefore = emulator.calls();

        GemcapCli.Result second = run();

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(emulator.calls() - callsBefore).isEqualTo(failed + 1);
        assertThat(rows().values()).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("ok"));
        assertThat(rows().get("2025/img7.png").get("sha256")).isEqualTo(ImageInspector.sha256(changed));
    }

    @Test
    void aChangedModelIsRefusedWithTheCostUnlessForced() {
        assertThat(run().exitCode()).isZero();

        GemcapCli.Result refused = run("--model", "gemini-2.5-pro");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("model gemini-2.5-flash-lite (now gemini-2.5-pro)").contains("would caption 30 images again")
                .contains("--force");
        assertThat(emulator.calls()).isEqualTo(30);

        GemcapCli.Result forced = run("--model", "gemini-2.5-pro", "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(emulator.calls()).isEqualTo(60);
        // and --force with the same model pays for everything again
        assertThat(run("--model", "gemini-2.5-pro", "--force").exitCode()).isZero();
        assertThat(emulator.calls()).isEqualTo(90);
    }

    @Test
    void copiesOfOneImageAreOneLedgerEntryAndCostNothingTheNextNight() {
        byte[] same = TestImages.png(24, 24, 4242);
        for (int i = 0; i < 12; i++) {
            TestImages.write(input.resolve("copies/copy" + i + ".png"), same);
        }
        GemcapCli.Result first = run();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(rows()).hasSize(42);
        int paid = emulator.calls();

        GemcapCli.Result second = run();

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(emulator.calls()).isEqualTo(paid);
        assertThat(rows().get("copies/copy11.png").get("source")).isEqualTo("ledger");
    }

    @Test
    void pilotRunsTakeALimitOrWhatTheGlobsSelect() {
        TestImages.write(input.resolve("2026/a.jpg"), TestImages.jpeg(20, 20, 1));
        TestImages.write(input.resolve("2026/deep/b.JPG"), TestImages.jpeg(20, 20, 2));

        GemcapCli.Result limited = run("--limit", "7");
        assertThat(limited.exitCode()).as(limited.err()).isZero();
        assertThat(rows()).hasSize(7);
        assertThat(emulator.calls()).isEqualTo(7);

        GemcapCli.Result jpegs = run("--include", "*.jpg,*.JPG");
        assertThat(jpegs.exitCode()).as(jpegs.err()).isZero();
        assertThat(rows().keySet()).containsExactlyInAnyOrder("2026/a.jpg", "2026/deep/b.JPG");
        assertThat(jpegs.out()).contains("left out 30 by --include/--exclude");

        GemcapCli.Result but2025 = run("--exclude", "2025/**");
        assertThat(but2025.exitCode()).as(but2025.err()).isZero();
        assertThat(rows().keySet()).containsExactlyInAnyOrder("2026/a.jpg", "2026/deep/b.JPG");
        assertThat(emulator.calls()).as("the two JPEGs were paid for once").isEqualTo(9);
    }

    @Test
    void anInputThatVanishedDoesNotReplaceLastNightsCsvUnlessTheShrinkIsMeant() throws IOException {
        // given a completed night
        assertThat(run().exitCode()).isZero();
        int lastNight = CsvFiles.records(output).size();
        // and the share unmounted: the folder is there, empty
        Path away = Files.move(input, dir.resolve("away"));
        Files.createDirectories(input);

        // when the next night runs, then it is refused with one line and last night's CSV is untouched
        GemcapCli.Result empty = run();
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).startsWith("gemcap: run 2 was not published: this run found 0 images where run 1 found " + lastNight)
                .contains("--restart-fresh").contains("--allow-shrink").hasLineCount(1);
        assertThat(CsvFiles.records(output)).hasSize(lastNight);
        // and the same command is refused again rather than publishing it
        assertThat(run().exitCode()).isEqualTo(2);

        // when the share is back, --restart-fresh makes the night whole again
        Files.delete(input);
        Files.move(away, input);
        GemcapCli.Result back = run("--restart-fresh");
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(lastNight);

        // and an archive that really shrank is published with --allow-shrink
        try (var files = Files.walk(input)) {
            for (Path file : files.filter(Files::isRegularFile).skip(1).toList()) {
                Files.delete(file);
            }
        }
        assertThat(run().exitCode()).isEqualTo(2);
        GemcapCli.Result meant = run("--allow-shrink");
        assertThat(meant.exitCode()).as(meant.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(1);
    }

    @Test
    void aGlobWithBracesWorksAndTheResumeCommandKeepsTheFlagsTheRunNeeds() throws IOException {
        TestImages.write(input.resolve("2025/photo.jpg"), TestImages.jpeg(20, 20, 1));

        GemcapCli.Result braces = run("--include", "*.{jpg,jpeg}", "--restart-fresh", "--model", "gemini-2.5-flash");

        assertThat(braces.exitCode()).as(braces.err()).isZero();
        assertThat(braces.out()).contains("run 1 completed: 1 images");
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        assertThat(report.get("resumeCommand").asText()).isEqualTo("scripts/caption run --input " + input + " --output " + output
                + " --endpoint " + emulator.baseUrl() + " --include '*.{jpg,jpeg}' --model gemini-2.5-flash");
    }
}
