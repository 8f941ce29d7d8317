package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.gemini.emulator.GeminiEmulatorTestImages;
import io.gemcap.image.ImageInspector;
import io.gemcap.output.CaptionRow;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole job through the command line, the real client and the emulator over HTTP. */
class CaptionJobFunctionalTests extends FolderJobTest {

    @BeforeEach
    void outputInAFolderStillToBeMade() {
        output = dir.resolve("out/captions.csv");
    }

    /** Writes {@code count} distinct good images spread over nested folders; returns path to content hash. */
    private Map<String, String> goodImages(int count) {
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String path = "set" + (i % 3) + "/" + (i % 2 == 0 ? "sub/" : "") + "img" + i + (i % 4 == 0 ? ".JPG" : ".png");
            byte[] bytes = path.endsWith(".JPG") ? TestImages.jpeg(24 + i, 16 + i, i) : TestImages.png(24 + i, 16 + i, i);
            TestImages.write(input.resolve(path), bytes);
            written.put(path, ImageInspector.sha256(bytes));
        }
        return written;
    }

    private static Map<String, CSVRecord> byPath(List<CSVRecord> records) {
        return records.stream().collect(Collectors.toMap(r -> r.get("path"), r -> r));
    }

    @Test
    void captionsEveryImageOnceRejectsBadFilesWithoutACallAndTheTableEqualsTheCsv() throws IOException {
        // given good images, bad files and both kinds of safety block
        Map<String, String> good = goodImages(9);
        byte[] webp = TestImages.webp();
        TestImages.write(input.resolve("mixed/mug.webp"), webp);
        good.put("mixed/mug.webp", ImageInspector.sha256(webp));
        byte[] pngNamedJpg = TestImages.png(12, 12, 99);
        TestImages.write(input.resolve("mixed/really-a-png.jpg"), pngNamedJpg);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("bad/empty.png", new byte[0]);
        bad.put("bad/notes.jpg", "shopping list\n".getBytes());
        bad.put("bad/truncated.jpg", TestImages.truncated(TestImages.jpeg(64, 64, 7), 300));
        bad.put("bad/scan.gif", "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        bad.forEach((path, bytes) -> TestImages.write(input.resolve(path), bytes));
        byte[] blockedPrompt = GeminiEmulatorTestImages.withMarker(TestImages.png(20, 20, 1), GeminiEmulator.BLOCK_PROMPT_MARKER);
        byte[] stopped = GeminiEmulatorTestImages.withMarker(TestImages.png(20, 20, 2), GeminiEmulator.STOP_SAFETY_MARKER);
        TestImages.write(input.resolve("safety/prompt.png"), blockedPrompt);
        TestImages.write(input.resolve("safety/stopped.png"), stopped);
        TestImages.write(input.resolve(".thumbs/hidden.png"), TestImages.png(5, 5, 3));
        TestImages.write(input.resolve("notes.txt"), "not an image".getBytes());

        // when the job runs
        GemcapCli.Result result = run();

        // then it completes with one row per image file
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("run 1 completed").contains("11 ok").contains("4 rejected").contains("2 blocked");
        Map<String, CSVRecord> rows = byPath(CsvFiles.records(output));
        assertThat(rows).hasSize(good.size() + 1 + bad.size() + 2);
        // each ok row carries its own image's caption
        good.forEach((path, sha) -> {
            CSVRecord row = rows.get(path);
            assertThat(row.get("status")).isEqualTo("ok");
            assertThat(row.get("sha256")).isEqualTo(sha);
            assertThat(row.get("caption")).contains("fingerprint " + sha.substring(0, 12));
            assertThat(row.get("prompt_tokens")).isNotEmpty();
            assertThat(emulator.callsFor(sha)).isEqualTo(1);
        });
        assertThat(rows.get("mixed/really-a-png.jpg").get("mime")).isEqualTo("image/png");
        // bad files are rejected with a reason and cost no call
        assertThat(rows.get("bad/empty.png").get("error")).isEqualTo("empty file");
        assertThat(rows.get("bad/notes.jpg").get("error")).contains("holds text");
        assertThat(rows.get("bad/truncated.jpg").get("error")).startsWith("truncated JPEG");
        assertThat(rows.get("bad/scan.gif").get("error")).startsWith("malformed GIF");
        bad.forEach((path, bytes) -> {
            assertThat(rows.get(path).get("status")).isEqualTo("rejected");
            assertThat(emulator.callsFor(ImageInspector.sha256(bytes))).isZero();
        });
        // safety blocks are rows with their reason, called once
        assertThat(rows.get("safety/prompt.png").get("status")).isEqualTo("blocked");
        assertThat(rows.get("safety/prompt.png").get("error")).isEqualTo("prompt blocked: SAFETY");
        assertThat(rows.get("safety/stopped.png").get("error")).isEqualTo("response stopped: SAFETY");
        assertThat(emulator.callsFor(ImageInspector.sha256(blockedPrompt))).isEqualTo(1);
        assertThat(emulator.callsFor(ImageInspector.sha256(stopped))).isEqualTo(1);
        assertThat(emulator.calls()).isEqualTo(good.size() + 1 + 2);
        // and the results table holds exactly what the CSV holds
        List<CaptionRow> csvRows = CsvFiles.rows(output);
        assertThat(cli.results().rows(cli.lastInstanceId())).containsExactlyInAnyOrderElementsOf(csvRows);
        assertThat(Files.exists(Path.of(output + ".partial"))).isFalse();
    }

    @Test
    void filesWhoseNamesTheFormulaGuardPrefixesGetRowsThatMapBackToTheirOwnNames() {
        // given files whose names a spreadsheet would run, and the same names with the guard's apostrophe in front
        List<String> names = List.of("=a.png", "'=a.png", "-1.png", "'-1.png", "'quoted.png");
        Map<String, String> shaOf = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byte[] bytes = TestImages.png(20 + i, 20, 300 + i);
            TestImages.write(input.resolve(names.get(i)), bytes);
            shaOf.put(names.get(i), ImageInspector.sha256(bytes));
        }

        // when the job runs
        GemcapCli.Result result = run();

        // then each file has its own row, its path cell read back as the README says naming that file and its content
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<CSVRecord> records = CsvFiles.records(output);
        assertThat(records).hasSize(names.size());
        assertThat(records.stream().map(r -> r.get("path"))).doesNotHaveDuplicates()
                .allSatisfy(cell -> assertThat(cell).startsWith("'"));
        Map<String, String> readBack = records.stream().collect(Collectors.toMap(
                r -> io.gemcap.output.CaptionCsv.pathOf(r.get("path")), r -> r.get("sha256")));
        assertThat(readBack).isEqualTo(shaOf);
        // and the results table keeps the files' real names
        assertThat(cli.results().rows(cli.lastInstanceId()).stream().map(CaptionRow::path))
                .containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void serviceGoingAwayFailsTheRunAndTheSameCommandResumesWithoutDuplicates() {
        // given 40 images and a service that answers slowly enough to stop mid-run
        Map<String, String> good = goodImages(40);
        emulator.setLatency(Duration.ofMillis(40));
        CompletableFuture<GemcapCli.Result> first = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.calls() >= 17);

        // when the service goes away
        emulator.stop();
        GemcapCli.Result failed = first.join();

        // then the run fails, resumable, with a first line naming the cause and a summary giving the command; the old output is untouched
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err().lines().findFirst().orElseThrow()).contains("has been failing for over 2 s")
                .contains("run the same command to resume");
        assertThat(failed.err()).contains("(id 1, online): FAILED").contains("resume   scripts/caption run --input " + input);
        assertThat(output).doesNotExist();

        // when it comes back and the same command runs
        emulator.start();
        GemcapCli.Result resumed = run();

        // then the run completes with each image once, paying again at most the work that was in flight
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");
        List<CSVRecord> rows = CsvFiles.records(output);
        assertThat(rows).hasSize(40);
        assertThat(rows.stream().map(r -> r.get("path")).collect(Collectors.toSet())).isEqualTo(good.keySet());
        assertThat(rows).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("ok"));
        // (the chunk of 5 and the look-ahead of twice the concurrency of 4)
        assertThat(emulator.calls() - 40).isBetween(0, 5 + 8);
    }

    @Test
    void aResumeKeepsItsWalkAndTheNextRunTakesWhatChangedSince() throws IOException {
        goodImages(30);
        emulator.setLatency(Duration.ofMillis(40));
        CompletableFuture<GemcapCli.Result> first = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.calls() >= 12);
        emulator.stop();
        assertThat(first.join().exitCode()).isEqualTo(1);
        Set<String> committed = new HashSet<>(cli.committedPaths());
        assertThat(committed).isNotEmpty();

        // given files removed (one done, one not) and added after the run walked its input
        String removedDone = committed.iterator().next();
        Files.delete(input.resolve(removedDone));
        String removedUndone = "set2/img29.png";
        assertThat(committed).doesNotContain(removedUndone);
        Files.delete(input.resolve(removedUndone));
        TestImages.write(input.resolve("set0/sub/aaa-new.png"), TestImages.png(30, 30, 1000));
        TestImages.write(input.resolve("set9/new.png"), TestImages.png(30, 30, 1002));

        // when resumed
        emulator.start();
        GemcapCli.Result resumed = run();

        // then the run completes what its walk found, each image once: the removed undone one says it is gone, the new ones wait
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        List<CSVRecord> rows = CsvFiles.records(output);
        List<String> paths = rows.stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(30).doesNotHaveDuplicates().containsAll(committed).doesNotContain("set0/sub/aaa-new.png", "set9/new.png");
        CSVRecord gone = rows.stream().filter(r -> r.get("path").equals(removedUndone)).findFirst().orElseThrow();
        assertThat(gone.get("status")).isEqualTo("rejected");
        assertThat(gone.get("error")).contains("disappeared");

        // and the next run walks again: the new images have rows, the removed ones none
        GemcapCli.Result next = run();
        assertThat(next.exitCode()).as(next.err()).isZero();
        List<String> nextPaths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(nextPaths).hasSize(30).contains("set0/sub/aaa-new.png", "set9/new.png").doesNotContain(removedDone, removedUndone);
    }

    @Test
    void aCompletedJobStartsItsNextRunAndAChangedModelCannotResumeAnUnfinishedOne() {
        goodImages(6);
        assertThat(run().exitCode()).isZero();
        GemcapCli.Result second = run();
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("run 2 completed");
        assertThat(CsvFiles.records(output)).hasSize(6);
        assertThat(emulator.calls()).as("the second run takes all six from the ledger").isEqualTo(6);

        // given run 3 left unfinished by an outage
        goodImages(40);
        emulator.setLatency(Duration.ofMillis(40));
        CompletableFuture<GemcapCli.Result> third = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.calls() >= 6 + 14);
        emulator.stop();
        assertThat(third.join().exitCode()).isEqualTo(1);
        emulator.start();

        // when resumed with another model, it is refused with one line
        GemcapCli.Result refused = run("--model", "gemini-2.5-pro");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("run 3 of this job is unfinished and used model gemini-2.5-flash-lite")
                .contains("--restart-fresh");
        // and --restart-fresh starts run 4 with the new model
        GemcapCli.Result fresh = run("--model", "gemini-2.5-pro", "--restart-fresh");
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("run 4 completed");
        assertThat(CsvFiles.records(output)).hasSize(40).allSatisfy(r -> assertThat(r.get("model")).isEqualTo("gemini-2.5-pro"));
    }

    @Test
    void aSecondRunWhileTheFirstIsAliveExitsThree() {
        goodImages(20);
        emulator.setLatency(Duration.ofMillis(500));
        CompletableFuture<GemcapCli.Result> first = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.calls() >= 3);

        GemcapCli.Result second = run();

        assertThat(second.exitCode()).isEqualTo(3);
        assertThat(second.err()).contains("another run writing " + output + " (run 1, id " + cli.lastExecutionId() + ", " + input
                + " -> " + output + ") is running on host")
                .contains("pid " + ProcessHandle.current().pid());
        assertThat(first.join().exitCode()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(20);
    }
}
