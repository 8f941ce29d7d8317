package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.HeadlessChromium;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The report a run leaves beside its CSV, and {@code report ID}. */
class ReportFunctionalTests extends FolderJobTest {

    private static final int IMAGES = 6;

    private long thumbnailsIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".jpg")).count();
        }
    }

    @Test
    void eachRunLeavesAReportWithEveryImageAndItsFilesAreNeverTakenAsInput() throws Exception {
        // given images and a CSV written inside the input folder
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve("img" + i + ".jpg"), TestImages.jpeg(400 + i, 300, i));
        }
        TestImages.write(input.resolve("broken.png"), new byte[0]);
        output = input.resolve("results/captions.csv");

        // when the job runs
        GemcapCli.Result first = run();

        // then captions.html lies beside the CSV, with a thumbnail per captioned image in the folder beside it
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path page = input.resolve("results/captions.html");
        assertThat(first.out()).contains("report   " + page);
        assertThat(thumbnailsIn(input.resolve("results/captions_files"))).isEqualTo(IMAGES);
        // and the browser shows a card per image
        HeadlessChromium.Page shown = HeadlessChromium.load(page.toUri().toString());
        assertThat(shown.dom().split("<article class=\"card ", -1)).hasSize(IMAGES + 2);
        assertThat(shown.console()).isEmpty();

        // when the next run takes the same folder (its answers from the ledger)
        GemcapCli.Result second = run();

        // then the report's thumbnails were not walked as images, and none was made twice
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(IMAGES + 1);
        assertThat(thumbnailsIn(dir.resolve("db/data/thumbnails"))).isEqualTo(IMAGES);
        assertThat(thumbnailsIn(input.resolve("results/captions_files"))).isEqualTo(IMAGES);

        // and report ID writes any run's page where it is asked to
        Path elsewhere = dir.resolve("first-night.html");
        GemcapCli.Result report = cli.run("report", "1", "--to", elsewhere.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readString(elsewhere)).contains("img0.jpg").contains("broken.png").contains("empty file");
        assertThat(thumbnailsIn(dir.resolve("first-night_files"))).isEqualTo(IMAGES);
    }

    @Test
    void anImageFromTheLedgerWithoutAThumbnailGetsOneFromItsFile() throws Exception {
        // given a run whose thumbnails were lost (or made by a release that kept none)
        for (int i = 0; i < 3; i++) {
            TestImages.write(input.resolve("img" + i + ".png"), TestImages.png(300, 200 + i, i));
        }
        assertThat(run().exitCode()).isZero();
        io.gemcap.testing.FileTrees.delete(dir.resolve("db/data/thumbnails"));

        // when the next run takes every answer from the ledger
        GemcapCli.Result again = run();

        // then its report has them all again, made from the files
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 from the ledger");
        assertThat(thumbnailsIn(dir.resolve("db/data/thumbnails"))).isEqualTo(3);
    }

    @Test
    void aPageAndFolderOfTheUsersAreNeverReplacedTheRunStopsAtStartNamingThem() throws Exception {
        // given a user's own notes.html and notes_files/ beside the CSV a run is asked to write
        TestImages.write(input.resolve("img.jpg"), TestImages.jpeg(300, 200, 1));
        output = dir.resolve("notes.csv");
        Path page = dir.resolve("notes.html");
        Files.writeString(page, "<p>my notes</p>");
        Path folder = dir.resolve("notes_files");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("sketch.txt"), "mine");

        // when the job runs
        GemcapCli.Result refused = run();

        // then it stops at start in one line naming the page and the way out, and pays for nothing
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains(page.toString()).contains("--report FILE").contains("--no-report").hasLineCount(1);
        assertThat(emulator.calls()).isZero();
        // and the user's page and folder are as they were, the folder unmarked
        assertThat(Files.readString(page)).isEqualTo("<p>my notes</p>");
        assertThat(folder.resolve(".gemcap-generated")).doesNotExist();

        // when the page is moved away, the folder still stops the run, named
        Files.move(page, dir.resolve("kept.html"));
        GemcapCli.Result folderRefused = run();
        assertThat(folderRefused.exitCode()).isEqualTo(2);
        assertThat(folderRefused.err()).contains(folder.toString()).hasLineCount(1);
        assertThat(folder.resolve(".gemcap-generated")).doesNotExist();
        assertThat(page).doesNotExist();

        // when the report is put elsewhere, or left out, the run goes, and the user's folder stays as it is
        GemcapCli.Result elsewhere = run("--report", dir.resolve("pages/night.html").toString());
        assertThat(elsewhere.exitCode()).as(elsewhere.err()).isZero();
        assertThat(elsewhere.out()).contains("report   " + dir.resolve("pages/night.html"));
        assertThat(thumbnailsIn(dir.resolve("pages/night_files"))).isEqualTo(1);
        GemcapCli.Result none = run("--no-report");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).doesNotContain("report   ");
        GemcapCli.Result noPage = cli.run("report", String.valueOf(cli.lastExecutionId()));
        assertThat(noPage.exitCode()).isEqualTo(2);
        assertThat(noPage.err()).contains("was started with --no-report: give the page with --to FILE").hasLineCount(1);
        // and a page whose folder cannot be made, or a name that is no page, is refused before anything starts
        GemcapCli.Result underAFile = run("--report", dir.resolve("kept.html/night.html").toString());
        assertThat(underAFile.exitCode()).isEqualTo(2);
        assertThat(underAFile.err()).startsWith("gemcap: cannot create the report's folder " + dir.resolve("kept.html"))
                .contains("--no-report").hasLineCount(1);
        GemcapCli.Result notAPage = run("--report", dir.resolve("notes.csv").toString());
        assertThat(notAPage.exitCode()).isEqualTo(2);
        assertThat(notAPage.err()).contains("is not a page name: end it in .html").hasLineCount(1);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(folder.resolve("sketch.txt"));
        }
        assertThat(page).doesNotExist();
    }

    @Test
    void aPageGemcapWroteIsReplacedButNotOnceSomeoneEditedIt() throws Exception {
        // given a run's report
        TestImages.write(input.resolve("img.jpg"), TestImages.jpeg(300, 200, 1));
        assertThat(run().exitCode()).isZero();
        Path page = dir.resolve("captions.html");
        assertThat(page).exists();

        // when the next runs come, the page is gemcap's: each replaces it
        TestImages.write(input.resolve("new.jpg"), TestImages.jpeg(300, 200, 2));
        GemcapCli.Result next = run();
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(Files.readString(page)).contains("new.jpg");

        // when someone edits it, the next run stops and the edit stays
        Files.writeString(page, Files.readString(page).replace("<title>", "<title>annotated: "));
        String edited = Files.readString(page);
        GemcapCli.Result refused = run();
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains(page + ", which gemcap did not write (or which was edited since)").hasLineCount(1);
        assertThat(Files.readString(page)).isEqualTo(edited);

        // and report ID --to a file gemcap did not write refuses likewise, leaving it
        Path notes = dir.resolve("notes.html");
        Files.writeString(notes, "mine");
        GemcapCli.Result report = cli.run("report", "1", "--to", notes.toString());
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err()).contains(notes.toString()).contains("--to FILE").hasLineCount(1);
        assertThat(Files.readString(notes)).isEqualTo("mine");
        assertThat(dir.resolve("notes_files")).doesNotExist();
    }

    @Test
    void aPageAndFolderAnEarlierReleaseLeftAreTakenAsGemcapsAndRecorded() throws Exception {
        // given a page and folder as the earlier release left them: a report, its folder with the marker and thumbnails
        TestImages.write(input.resolve("img.jpg"), TestImages.jpeg(300, 200, 1));
        Path page = dir.resolve("captions.html");
        Files.writeString(page, "<!doctype html>\n<html><head><title>gemcap: run 7 of " + output + "</title></head></html>\n");
        Path folder = dir.resolve("captions_files");
        Files.createDirectories(folder);
        Files.write(folder.resolve(".gemcap-generated"), new byte[0]);
        Files.write(folder.resolve("0".repeat(64) + ".jpg"), TestImages.jpeg(20, 20, 9));

        // when the nightly job runs after the upgrade
        GemcapCli.Result night = run();

        // then it goes on as before: the page is replaced, its thumbnail beside the old ones
        assertThat(night.exitCode()).as(night.err()).isZero();
        assertThat(Files.readString(page)).contains("img.jpg");
        assertThat(thumbnailsIn(folder)).isEqualTo(2);
        // and from then on the page is known by what gemcap wrote: the next night replaces it too
        GemcapCli.Result nextNight = run();
        assertThat(nextNight.exitCode()).as(nextNight.err()).isZero();
    }

    @Test
    void aRunThatDoesNotExistIsSaidInOneLine() {
        GemcapCli.Result report = cli.run("report", "99");
        GemcapCli.Result status = cli.run("status", "99");

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err()).isEqualTo("gemcap: no run with id 99 (see: scripts/caption jobs)\n");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).isEqualTo("gemcap: no run with id 99 (see: scripts/caption jobs)\n");
    }
}
