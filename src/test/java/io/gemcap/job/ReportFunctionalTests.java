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
    void aRunThatDoesNotExistIsSaidInOneLine() {
        GemcapCli.Result report = cli.run("report", "99");
        GemcapCli.Result status = cli.run("status", "99");

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err()).isEqualTo("gemcap: no run with id 99 (see: scripts/caption jobs)\n");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).isEqualTo("gemcap: no run with id 99 (see: scripts/caption jobs)\n");
    }
}
