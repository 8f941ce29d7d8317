package io.gemcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when a command line is wrong: one line and exit code 2, before anything starts. */
class CaptionCommandTests {

    private static final String SECRET = "AIzaSy-this-key-must-never-be-printed";

    @TempDir
    Path dir;

    private GeminiEmulator emulator;
    private Path input;

    @BeforeEach
    void setUp() {
        emulator = GeminiEmulator.builder().build().start();
        input = dir.resolve("in");
        TestImages.write(input.resolve("a.png"), TestImages.png(10, 10, 1));
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private GemcapCli cli() {
        return new GemcapCli(dir.resolve("db"));
    }

    private String[] run(String... extra) {
        String[] base = {"run", "--input", input.toString(), "--output", dir.resolve("out.csv").toString(), "--endpoint", emulator.baseUrl()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return args;
    }

    @Test
    void missingKeySaysWhatToDo() {
        GemcapCli.Result result = cli().run(run());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("gemcap: GEMINI_API_KEY is not set: export it, pass --vertex to call Vertex AI with"
                + " Google credentials, or pass --emulator to try gemcap offline\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void rejectedKeyStopsAtOnceWithoutShowingTheKey() {
        GemcapCli.Result result = cli().env("GEMINI_API_KEY", SECRET).run(run());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("gemcap: the API key was rejected").contains("check GEMINI_API_KEY");
        assertThat(result.err().lines().count()).isEqualTo(1);
        assertThat(result.err() + result.out()).doesNotContain(SECRET);
    }

    @Test
    void googleApiKeyWinsOverGeminiApiKeyAsInTheClient() {
        GemcapCli.Result result = cli().env("GEMINI_API_KEY", SECRET).env("GOOGLE_API_KEY", GeminiEmulator.DEFAULT_KEY).run(run());
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void unknownModelStopsWithOneLine() {
        GemcapCli.Result result = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY).run(run("--model", "gemini-0-unknown"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("model gemini-0-unknown was not found").contains("--model");
    }

    @Test
    void badFlagIsOneLineWithWhereToLook() {
        GemcapCli.Result result = cli().run("run", "--input", input.toString(), "--output", "x.csv", "--colour", "red");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("gemcap: Unknown options: '--colour', 'red' (see: scripts/caption run --help)\n");
    }

    @Test
    void missingRequiredFlagAndMissingInputAreUsageErrors() {
        GemcapCli.Result noOutput = cli().run("run", "--input", input.toString());
        assertThat(noOutput.exitCode()).isEqualTo(2);
        assertThat(noOutput.err()).contains("Missing required option: '--output=FILE|URI'");

        GemcapCli.Result noInput = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .run("run", "--input", dir.resolve("nowhere").toString(), "--output", dir.resolve("o.csv").toString());
        assertThat(noInput.exitCode()).isEqualTo(2);
        assertThat(noInput.err()).isEqualTo("gemcap: input folder not found: " + dir.resolve("nowhere") + "\n");
    }

    @Test
    void anInputThatIsAFileIsNamedAsAFileForRunAndEstimate() throws Exception {
        // given an image file where a folder was meant
        Path photo = dir.resolve("photo.png");
        java.nio.file.Files.write(photo, TestImages.png(10, 10, 1));
        String said = "gemcap: --input " + photo + " is a file: --input takes a folder or a bucket (s3://bucket/prefix, gs://bucket/prefix)\n";

        // when run and estimate are given it, then each stops with a usage error saying so
        GemcapCli.Result run = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .run("run", "--input", photo.toString(), "--output", dir.resolve("o.csv").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(said);
        GemcapCli.Result estimate = cli().run("estimate", "--input", photo.toString());
        assertThat(estimate.exitCode()).isEqualTo(2);
        assertThat(estimate.err()).isEqualTo(said);
    }

    @Test
    void unwritableOutputIsAUsageError() {
        GemcapCli.Result result = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .run("run", "--input", input.toString(), "--output", "/proc/gemcap/out.csv");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("gemcap: cannot create the output folder /proc/gemcap");

        GemcapCli.Result noFilesThere = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .run("run", "--input", input.toString(), "--output", "/proc/captions.csv");
        assertThat(noFilesThere.exitCode()).isEqualTo(2);
        assertThat(noFilesThere.err()).startsWith("gemcap: cannot write in the output folder /proc: ")
                .endsWith(" (choose another --output)\n").doesNotContain("\n" + "gemcap");
    }

    @Test
    void oneCaptionsASingleImageWholeOrStreamed() {
        GemcapCli cli = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY);
        GemcapCli.Result whole = cli.run("one", input.resolve("a.png").toString(), "--endpoint", emulator.baseUrl());
        assertThat(whole.exitCode()).as(whole.err()).isZero();
        assertThat(whole.out()).contains("10x10 PNG image");
        GemcapCli.Result streamed = cli.run("one", input.resolve("a.png").toString(), "--stream", "--endpoint", emulator.baseUrl());
        assertThat(streamed.exitCode()).as(streamed.err()).isZero();
        assertThat(streamed.out().strip()).isEqualTo(whole.out().strip());
    }

    @Test
    void emulatorFlagNeedsNoKey() {
        GemcapCli.Result result = cli().run("one", input.resolve("a.png").toString(), "--emulator");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("10x10 PNG image");
    }

    @Test
    void aNegativeLimitIsAUsageErrorBeforeAnythingStarts() {
        GemcapCli.Result result = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY).run(run("--rpm", "-5"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("gemcap: --rpm cannot be negative (see: scripts/caption run --help)\n");
    }

    @Test
    void aQuotaPoolNameTooLongForTheJobDatabaseStopsWithOneLine() {
        GemcapCli.Result result = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY).set("gemcap.limits.pool", "p".repeat(101))
                .run(run());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("gemcap.limits.pool must be at most 100 characters, was 101").doesNotContain("\tat ");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void anEmptyInputOrOutputOrABadGlobStopsWithOneLine() {
        GemcapCli cli = cli().env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY);
        GemcapCli.Result emptyInput = cli.run("run", "--input", "", "--output", dir.resolve("out.csv").toString());
        assertThat(emptyInput.exitCode()).isEqualTo(2);
        assertThat(emptyInput.err()).isEqualTo("gemcap: --input is empty (see: scripts/caption run --help)\n");
        GemcapCli.Result emptyOutput = cli.run("run", "--input", input.toString(), "--output", " ");
        assertThat(emptyOutput.err()).startsWith("gemcap: --output is empty");
        GemcapCli.Result badGlob = cli.run(run("--include", "*.{jpg"));
        assertThat(badGlob.exitCode()).isEqualTo(2);
        assertThat(badGlob.err()).startsWith("gemcap: bad --include/--exclude glob").hasLineCount(1);
    }
}
