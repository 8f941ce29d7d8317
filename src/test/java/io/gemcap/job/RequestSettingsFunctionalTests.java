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
}
