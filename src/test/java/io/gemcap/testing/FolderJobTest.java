package io.gemcap.testing;

import io.gemcap.gemini.emulator.GeminiEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every functional test of a folder job starts from: a fresh emulator, the command line with a job
 * database of the test's, an input folder and an output file, and {@code run}. A subclass writes its
 * images in its own {@code @BeforeEach}, which JUnit runs after this one.
 */
public abstract class FolderJobTest {

    @TempDir
    protected Path dir;

    protected GeminiEmulator emulator;
    protected GemcapCli cli;
    protected Path input;
    protected Path output;

    /** The emulator to start; a subclass adds keys or latency. */
    protected GeminiEmulator.Builder emulatorSettings() {
        return GeminiEmulator.builder();
    }

    @BeforeEach
    void startEmulatorAndCommandLine() {
        emulator = emulatorSettings().build().start();
        cli = new GemcapCli(dir.resolve("db")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY);
        input = dir.resolve("photos");
        output = dir.resolve("captions.csv");
    }

    @AfterEach
    void stopEmulatorAndJobDatabaseServer() throws Exception {
        emulator.close();
        // Deleting the folder under a server still writing in it failed the test.
        stopJobDatabaseServers();
    }

    /**
     * Stops the job database server processes of the test's folder, if up, and waits until they have left (H2 closes the
     * file on SIGTERM). Waiting for them to leave idle (2 s in tests) took 2 s of every test; that a server leaves by
     * itself is shown once, in SharedJobDatabaseFunctionalTests.
     */
    protected void stopJobDatabaseServers() throws Exception {
        JobDatabaseServers.stopAllUnder(dir);
    }

    /** {@code run} over the input into the output against the emulator, then {@code extra}. */
    protected String[] runArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--output", output.toString(),
                "--endpoint", emulator.baseUrl()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    protected GemcapCli.Result run(String... extra) {
        return cli.run(runArgs(extra));
    }
}
