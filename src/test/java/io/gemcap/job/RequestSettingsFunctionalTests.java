package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a run asks of the model by default, as it reaches the wire, and what it is billed for. */
class RequestSettingsFunctionalTests extends FolderJobTest {

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        // a model that thinks unless told not to, as 2.5 Flash does
        return GeminiEmulator.builder().thoughtTokens(120);
    }

    @BeforeEach
    void images() {
        for (int i = 0; i < 3; i++) {
            TestImages.write(input.resolve("img" + i + ".png"), TestImages.png(20, 20, i));
        }
    }

    @Test
    void byDefaultTheCurrentFlashLiteModelIsAskedWithThinkingOffAndACapOnTheAnswerAndNoThoughtIsBilled() {
        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(emulator.lastGenerationConfig()).contains("\"thinkingBudget\":0").contains("\"maxOutputTokens\":256");
        assertThat(CsvFiles.records(output)).hasSize(3).allSatisfy(row -> {
            assertThat(row.get("model")).isEqualTo("gemini-2.5-flash-lite");
            assertThat(row.get("thought_tokens")).isEmpty();
        });
    }

    @Test
    void thinkingLeftToTheModelIsBilledAndShownPerRow() {
        cli.set("gemcap.gemini.thinking-budget", "-1");

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(emulator.lastGenerationConfig()).contains("\"thinkingBudget\":-1");
        assertThat(CsvFiles.records(output)).allSatisfy(row -> assertThat(row.get("thought_tokens")).isEqualTo("120"));
    }

    @Test
    void theRunsCostIsItsTokensAtItsModelsPriceInTheEndLineAndRunJson() throws Exception {
        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        long input = 0;
        long output = 0;
        for (var row : CsvFiles.records(this.output)) {
            input += Long.parseLong(row.get("prompt_tokens"));
            output += Long.parseLong(row.get("output_tokens"));
        }
        // gemini-2.5-flash-lite: $0.10 per million input tokens, $0.40 per million output tokens
        double expected = (input * 0.10 + output * 0.40) / 1_000_000;
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.nio.file.Path.of(this.output + ".run.json")
                .toFile());
        assertThat(report.get("costUsd").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(result.out()).contains(String.format(java.util.Locale.ROOT, "cost $%.4f", expected));
        // and `status` and `jobs` show it too
        String shown = String.format(java.util.Locale.ROOT, "$%.4f", expected);
        assertThat(cli.run("status", String.valueOf(cli.lastExecutionId())).out()).contains("cost     " + shown);
        assertThat(cli.run("jobs").out()).contains("COST").contains(shown);
    }

    @Test
    void aModelWithoutAPriceRunsWithoutACost() throws Exception {
        GemcapCli.Result result = run("--model", "gemini-2.5-pro");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("cost $");
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.nio.file.Path.of(output + ".run.json")
                .toFile());
        assertThat(report.get("costUsd").isNull()).isTrue();
    }
}
