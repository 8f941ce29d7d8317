package io.gemcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status}, {@code report}, {@code stop} and {@code restart} named by an ID: the same answer for an ID with no run,
 * with or without a key.
 */
class JobControlCommandsTests {

    private static final String NO_SUCH_RUN = "gemcap: no run with id 999 (see: scripts/caption jobs)\n";

    @TempDir
    Path dir;

    @Test
    void everyCommandTakingAnIdSaysInOneLineThatNoRunHasIt() {
        // given a job database with one run (id 1), so the tables are there and only the ID is wrong
        GemcapCli cli = new GemcapCli(dir.resolve("db"));
        TestImages.write(dir.resolve("in/a.png"), TestImages.png(10, 10, 1));
        assertThat(cli.run("run", "--input", dir.resolve("in").toString(), "--output", dir.resolve("out.csv").toString(), "--emulator")
                .exitCode()).isZero();

        for (String[] command : new String[][] {{"status", "999"}, {"report", "999"}, {"stop", "999"},
                {"stop", "999", "--cancel", "--emulator"}, {"restart", "999", "--emulator"}, {"stop", "999", "--cancel"},
                {"restart", "999"}}) {
            GemcapCli.Result result = cli.run(command);

            assertThat(result.err()).as(String.join(" ", command)).isEqualTo(NO_SUCH_RUN);
            assertThat(result.exitCode()).as(String.join(" ", command)).isEqualTo(2);
        }
        // (and without a key, a run that exists is told the key is missing)
        assertThat(cli.run("restart", "1").err()).startsWith("gemcap: GEMINI_API_KEY is not set");
    }
}
