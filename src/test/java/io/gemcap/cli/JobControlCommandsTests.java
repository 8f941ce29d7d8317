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

    @Test
    void aJobDatabaseThatCannotBeReachedStopsEveryCommandAtStartInOneLineAsAUsageError() {
        // given a PostgreSQL job database where nothing listens, with its password
        GemcapCli cli = new GemcapCli(dir.resolve("db")).env("GEMINI_API_KEY", "a-key")
                .set("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/jobs").set("spring.datasource.username", "gemcap")
                .set("spring.datasource.password", "db-secret-9").set("spring.datasource.hikari.connection-timeout", "250");

        for (String[] command : new String[][] {{"jobs"}, {"status", "1"}, {"stop", "1"}, {"worker", "--exit-when-idle", "1s"}}) {
            GemcapCli.Result result = cli.run(command);

            // then each says it cannot start and why, in one line, exit 2 (not 1, which asks to run the same command again)
            assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.err()).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", command)).startsWith("gemcap: cannot start: ").contains("Connection refused")
                    .doesNotContain("db-secret-9").hasLineCount(1);
        }
    }
}
