package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One log file per run under data/logs: a warning per rejected or failed image, the end line, never the key. */
class RunLogFunctionalTests extends FolderJobTest {

    @Test
    void eachRunWritesItsOwnLogNamingEveryImageThatWasNotCaptioned() throws Exception {
        TestImages.write(input.resolve("ok.png"), TestImages.png(20, 20, 1));
        TestImages.write(input.resolve("notes.png"), "not an image".getBytes(StandardCharsets.UTF_8));
        cli.set("logging.level.io.gemcap", "INFO");

        GemcapCli.Result first = run();
        GemcapCli.Result second = run();

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir.resolve("db/data/logs"))) {
            logs = files.sorted().toList();
        }
        assertThat(logs).hasSize(2).allSatisfy(log -> assertThat(log.getFileName().toString()).matches("[0-9a-f]{12}-run[12][.]log"));
        String text = Files.readString(logs.get(0));
        assertThat(text).contains("WARN  rejected notes.png: not an image: the file holds text")
                .contains("gemcap: run 1 completed: 2 images").doesNotContain(GeminiEmulator.DEFAULT_KEY);
        assertThat(Files.readString(logs.get(1))).contains("gemcap: run 2 completed");
    }
}
