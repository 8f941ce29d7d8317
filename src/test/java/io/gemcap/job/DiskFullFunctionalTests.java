package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A disk that fills up: a real one, a 1 MB tmpfs mounted for the test (tests run as root, here and in CI), so every
 * writer meets ENOSPC where it would. Nothing may be left half-written, and nothing may say a run went well when it did not.
 */
class DiskFullFunctionalTests extends FolderJobTest {

    private Path disk;
    private Path filler;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        disk = dir.resolve("disk");
        Files.createDirectories(disk);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        assertThat(mount.waitFor()).as("mounting a tmpfs needs root: " + said).isZero();
        filler = disk.resolve("filler");
        for (int i = 0; i < 3; i++) {
            TestImages.write(input.resolve("img" + i + ".jpg"), TestImages.jpeg(400 + i, 300, i));
        }
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor();
    }

    /** Writes into the filler until the disk refuses another byte. */
    private void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(disk)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private JsonNode runJson() throws IOException {
        return new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
    }

    @Test
    void aRunOnAFullDiskLeavesNoTemporaryFileAndNoRunJsonSayingItCompleted() throws Exception {
        // given a completed run whose CSV, report and run.json are on the disk
        output = disk.resolve("captions.csv");
        GemcapCli.Result first = run();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(runJson().get("outcome").asText()).isEqualTo("completed");
        String lastNight = Files.readString(output);

        // when many new images come (more rows than the old run.json, which the run removes, leaves room for) and the disk is full
        for (int i = 0; i < 60; i++) {
            TestImages.write(input.resolve("new" + i + ".jpg"), TestImages.jpeg(500, 300, 100 + i));
        }
        fill();
        GemcapCli.Result full = run();

        // then the run fails, resumable, and says its report was not written
        assertThat(full.exitCode()).as(full.out()).isEqualTo(1);
        assertThat(full.err()).contains("its report was not written to " + disk.resolve("captions.html"))
                .contains("the page there is an earlier run's");
        // and no run.json says the last run completed, no temporary file is left, last night's CSV is whole
        assertThat(Path.of(output + ".run.json")).as(full.err()).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
        assertThat(Files.readString(output)).isEqualTo(lastNight);

        // when there is room again, the same command completes the run and says so
        Files.delete(filler);
        GemcapCli.Result resumed = run();
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(runJson().get("outcome").asText()).isEqualTo("completed");
        assertThat(runJson().get("reportError").isNull()).isTrue();
        assertThat(CsvFiles.records(output)).hasSize(63);
        assertThat(Files.readString(disk.resolve("captions.html"))).contains("new59.jpg");
    }

    @Test
    void aReportThatCannotBeWrittenOnAReadOnlyDiskStopsTheRunBeforeAnythingIsPaid() throws Exception {
        // given the small disk mounted read-only
        Process remount = new ProcessBuilder("mount", "-o", "remount,ro", disk.toString()).redirectErrorStream(true).start();
        assertThat(remount.waitFor()).as(new String(remount.getInputStream().readAllBytes())).isZero();

        // when a run puts its report there
        GemcapCli.Result refused = run("--report", disk.resolve("night.html").toString());

        // then it stops at start in one line, naming the way out, and nothing is paid
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("the report cannot be written under " + disk).contains("--no-report").hasLineCount(1);
        assertThat(emulator.calls()).isZero();
    }

    @Test
    void aReportThatCouldNotBeWrittenIsSaidInTheEndLineAndRunJsonAndTheCommandFails() throws Exception {
        // given a run whose report goes to the small disk, its CSV elsewhere
        Path page = disk.resolve("captions.html");
        GemcapCli.Result first = run("--report", page.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();

        // when the next run comes with new images and that disk is full
        TestImages.write(input.resolve("new.jpg"), TestImages.jpeg(500, 300, 7));
        fill();
        GemcapCli.Result full = run("--report", page.toString());

        // then its CSV is published, but the command fails, naming the page left from the earlier run
        assertThat(CsvFiles.records(output)).hasSize(4);
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.err()).contains("run 2 completed").contains("its report was not written to " + page)
                .contains("No space left on device").contains("the page there is an earlier run's")
                .contains("scripts/caption report " + cli.lastExecutionId() + " writes it again")
                .doesNotContain("report   " + page);
        // and run.json says so too
        JsonNode ended = runJson();
        assertThat(ended.get("exitCode").asInt()).isEqualTo(1);
        assertThat(ended.get("reportError").asText()).contains("No space left on device");
        assertThat(ended.get("files").get("report").isNull()).isTrue();
        // and nothing half-written is left: no temporary file, every thumbnail whole
        assertThat(temporaryFiles()).isEmpty();
        try (Stream<Path> thumbnails = Files.list(disk.resolve("captions_files"))) {
            for (Path thumbnail : thumbnails.filter(file -> file.toString().endsWith(".jpg")).toList()) {
                assertThat(ImageIO.read(thumbnail.toFile())).as(thumbnail.toString()).isNotNull();
            }
        }

        // when there is room again, report ID writes it
        Files.delete(filler);
        GemcapCli.Result report = cli.run("report", String.valueOf(cli.lastExecutionId()));
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readString(page)).contains("new.jpg");
    }
}
