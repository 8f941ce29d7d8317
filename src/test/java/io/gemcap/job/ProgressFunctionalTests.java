package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The progress a person sees: a live line on a terminal, plain lines in a pipe (cron, systemd). */
class ProgressFunctionalTests extends FolderJobTest {

    private static final int IMAGES = 30;

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        return GeminiEmulator.builder().latency(Duration.ofMillis(40));
    }

    @BeforeEach
    void thirtyImagesInSmallChunks() {
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve("img" + i + ".png"), TestImages.png(16 + i, 16, i));
        }
        cli.set("gemcap.job.chunk-size", "3").set("gemcap.limits.concurrency", "2").set("gemcap.progress.every", "1ms")
                .set("logging.level.io.gemcap", "INFO");
    }

    @Test
    void onATerminalOneLineMovesInPlace() throws Exception {
        // when the job runs on a pseudo-terminal
        Path screen = dir.resolve("screen.txt");
        Process child = ChildJvm.startOnTerminal(cli, List.of(runArgs()), screen);

        // then it completes, and the terminal shows one line redrawn in place with the count of the total, speed and pushback
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String shown = Files.readString(screen);
        assertThat(child.exitValue()).as(shown).isZero();
        assertThat(shown).contains("\r" + "Captioning").contains(IMAGES + "/" + IMAGES + " img").contains("img/min")
                .contains("429s: 0");
        assertThat(shown.lines().filter(line -> line.matches(".*\\d+ / \\d+ images \\(.*"))).isEmpty();
    }

    @Test
    void inAPipeEachLineIsPlainText() throws Exception {
        // when the job runs with its output going to a file, as under cron
        Path log = dir.resolve("cron.log");
        Process child = ChildJvm.start(cli, List.of(runArgs()), log);

        // then the progress comes as plain lines, counting up to the total the count beside the run found, without control characters
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String written = Files.readString(log);
        assertThat(child.exitValue()).as(written).isZero();
        List<String> progress = written.lines().filter(line -> line.matches(".*\\d+ / " + IMAGES
                + " images \\(\\d+\\.\\d %\\), [\\d,]+ per minute, .*429s: 0, retries: 0.*")).toList();
        assertThat(progress).as(written).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).as(written).contains(IMAGES + " / " + IMAGES + " images (100.0 %)");
        assertThat(written).doesNotContain("\r").doesNotContain("\u001b").doesNotContain("Captioning");
    }

    @Test
    void inBatchModeTheLineCountsTheBatchesAsTheyGoAndCome() throws Exception {
        // when a Batch Mode run of three shards runs with its output going to a file
        cli.set("gemcap.batch.shard-images", "10").set("gemcap.batch.poll-first", "10ms");
        Path log = dir.resolve("cron.log");
        Process child = ChildJvm.start(cli, List.of(runArgs("--mode", "batch")), log);

        // then its lines say how many images have rows of all, and where the batches are
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String written = Files.readString(log);
        assertThat(child.exitValue()).as(written).isZero();
        assertThat(written).containsPattern("0 / " + IMAGES + " images \\(0\\.0 %\\).*batches: 3 to submit")
                .containsPattern(IMAGES + " / " + IMAGES + " images \\(100\\.0 %\\).*batches: 3 collected")
                .doesNotContain("\r");
    }
}
