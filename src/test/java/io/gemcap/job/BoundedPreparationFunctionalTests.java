package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.HostileImages;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Small files that decode or inflate to gigabytes, among ordinary photos, in a JVM of 1 GB preparing 8 at once: each
 * costs at most its own row, and the run and the estimate complete.
 */
class BoundedPreparationFunctionalTests extends FolderJobTest {

    @BeforeEach
    void hostileArchive() {
        for (int i = 0; i < 6; i++) {
            TestImages.write(input.resolve(String.format("photo%d.jpg", i)), TestImages.jpeg(1600, 1200, i));
        }
        TestImages.write(input.resolve("bomb-ztxt-3gb.png"), HostileImages.pngWithTextBomb(64, "zTXt", 3L << 30));
        TestImages.write(input.resolve("bomb-itxt-1gb.png"), HostileImages.pngWithTextBomb(64, "iTXt", 1L << 30));
        TestImages.write(input.resolve("huge-16bit.png"), HostileImages.png16BitRgba(12000, 12000));
        TestImages.write(input.resolve("huge-16bit-copy.png"), HostileImages.png16BitRgba(12001, 12000));
        TestImages.write(input.resolve("strip.tif"), HostileImages.singleStripTiff(12000, 12000));
        cli.childJvm("-Xmx1g");
    }

    private String child(String name, List<String> args) throws Exception {
        Process process = ChildJvm.start(cli, args, dir.resolve(name + ".log"));
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(dir.resolve(name + ".log"));
        assertThat(process.exitValue()).as(log).isZero();
        return log;
    }

    @Test
    void atHighDetailEveryImageGetsItsRowAndOnlyPicturesOverTheDecodingBudgetFail() throws Exception {
        String log = child("run", List.of(runArgs("--concurrency", "8", "--detail", "high")));

        Map<String, CSVRecord> rows = CsvFiles.records(output).stream().collect(Collectors.toMap(r -> r.get("path"), r -> r));
        assertThat(rows).hasSize(11);
        for (int i = 0; i < 6; i++) {
            assertThat(rows.get("photo" + i + ".jpg").get("status")).isEqualTo("ok");
        }
        // The text chunks are never inflated: the 64x64 pictures are captioned like any other.
        assertThat(rows.get("bomb-ztxt-3gb.png").get("status")).isEqualTo("ok");
        assertThat(rows.get("bomb-itxt-1gb.png").get("status")).isEqualTo("ok");
        // 1.6 GB decoded, over the half of a 1 GB heap decoding may take: failed (a larger heap takes it), saying what helps.
        for (String huge : List.of("huge-16bit.png", "huge-16bit-copy.png")) {
            assertThat(rows.get(huge).get("status")).isEqualTo("failed");
            assertThat(rows.get(huge).get("error")).contains("needs 1.6 GB of memory", "-Xmx", "--detail");
        }
        // 432 MB of 8-bit pixels fit within the budget: decoded in its turn and sent at the level's size.
        assertThat(rows.get("strip.tif").get("status")).as(rows.get("strip.tif").get("error")).isEqualTo("ok");
        assertThat(rows.get("strip.tif").get("sent_width")).isEqualTo("3072");
        assertThat(log).contains("completed").doesNotContain("OutOfMemoryError");
    }

    @Test
    void batchModePreparesTheSameWay() throws Exception {
        cli.set("gemcap.batch.shard-images", "4").set("gemcap.batch.poll-first", "10ms");

        child("batch", List.of(runArgs("--mode", "batch", "--detail", "high")));

        Map<String, String> statuses = CsvFiles.records(output).stream().collect(Collectors.toMap(r -> r.get("path"),
                r -> r.get("status")));
        assertThat(statuses).hasSize(11).containsEntry("bomb-ztxt-3gb.png", "ok").containsEntry("strip.tif", "ok")
                .containsEntry("huge-16bit.png", "failed").containsEntry("photo5.jpg", "ok");
    }

    @Test
    void theEstimateCountsEveryImage() throws Exception {
        String log = child("estimate", List.of("estimate", "--input", input.toString(), "--detail", "high"));

        assertThat(log).containsPattern("images +11").containsPattern("to call +11").doesNotContain("OutOfMemoryError");
    }
}
