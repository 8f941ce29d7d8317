package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import io.gemcap.usage.Prices;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The budget and the daily cap against what the service billed (the emulator's own bill), with gemcap in processes of
 * its own as a user runs it: killed with SIGKILL while calls are in flight, and two jobs started at the same moment.
 * Each prints the figures it measured.
 */
class SpendFunctionalTests extends FolderJobTest {

    private static final Prices PRICES = new Prices("", "", Map.of("gemini-2.5-flash-lite", new Prices.ModelPrice(0.10, 0.40)));
    /**
     * The most one call of a small image can cost with the default prompt and answer length: its input (one tile and the
     * prompt, a tenth to spare) and 256 output tokens, rounded up; an answer costs about a third of it.
     */
    private static final double ONE_CALL_WORST_CASE = 0.00014;

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        return GeminiEmulator.builder().latency(Duration.ofSeconds(2));
    }

    private static void writeImages(Path folder, int count, int seed) {
        for (int i = 0; i < count; i++) {
            TestImages.write(folder.resolve(String.format("img%03d.png", i)), TestImages.png(20, 20, seed + i));
        }
    }

    private double billed() {
        return emulator.invoice().usd(PRICES, 0.5);
    }

    @Test
    void aBudgetAcrossThreeKillsWithCallsInFlightIsNeverPassedByWhatTheServiceBilled() throws Exception {
        // given a run of 600 images (about 0.000036 USD each) whose budget pays for fewer, 32 calls in flight, answers taking 2 s
        writeImages(input, 600, 0);
        double budget = 0.02;
        String[] args = runArgs("--budget", String.valueOf(budget), "--concurrency", "32");

        // when it is killed three times, each time with calls in flight, paid for and never committed
        for (int kill = 1; kill <= 3; kill++) {
            int before = emulator.calls();
            Process child = ChildJvm.start(cli, List.of(args), dir.resolve("child" + kill + ".log"));
            await().atMost(Duration.ofSeconds(120)).until(() -> emulator.calls() >= before + 30 || !child.isAlive());
            assertThat(child.isAlive()).as("child ended before kill %d; see %s", kill, Files.readString(dir.resolve("child" + kill + ".log")))
                    .isTrue();
            child.destroyForcibly().waitFor();
        }
        // and the same command then runs until it stops at its budget
        GemcapCli.Result last = cli.run(args);
        // (the killed runs' last calls are answered, and billed, whether or not anyone waits for them)
        await().atMost(Duration.ofSeconds(10)).until(this::settled);

        // then the service billed no more than the budget (allowing one call's worst case, as the target is)
        assertThat(last.exitCode()).as(last.err() + last.out()).isEqualTo(4);
        assertThat(last.err() + last.out()).contains("stopped at its budget");
        double invoice = billed();
        JsonNode report = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
        System.out.printf("budget %.6f: the service billed %.6f for %d requests (%d start-up checks); gemcap says billed %.6f"
                + " (%d calls at their worst case), rows %.6f, %d paid twice%n", budget, invoice, emulator.invoice().requests(),
                emulator.startupChecks(), report.get("billedUsd").asDouble(), report.get("unsettledCalls").asLong(),
                report.get("costUsd").asDouble(), report.get("sentAgain").asLong());
        assertThat(invoice).isLessThanOrEqualTo(budget + ONE_CALL_WORST_CASE);
        // and what gemcap counted is at least what was billed: the killed runs' calls and the start-up checks included
        assertThat(report.get("billedUsd").asDouble()).isGreaterThanOrEqualTo(invoice - 1e-9);
        assertThat(report.get("costUsd").asDouble()).isLessThan(invoice);
        assertThat(report.get("unsettledCalls").asLong()).isPositive();
        // and it stopped only when what was left could not pay one more call's worst case
        assertThat(report.get("billedUsd").asDouble()).isGreaterThan(budget - ONE_CALL_WORST_CASE);
    }

    /** Whether every call the emulator received has been answered (and billed) by now. */
    private boolean settled() {
        int received = emulator.calls() + emulator.startupChecks();
        long answered = emulator.invoice().requests();
        return answered >= received;
    }

    @Test
    void aDailyCapAcrossTwoJobsStartedTogetherOnTheDefaultH2DatabaseIsNeverPassedByWhatTheServiceBilled() throws Exception {
        twoJobsStartedTogetherUnderOneCap();
    }

    @Test
    void aDailyCapAcrossTwoJobsStartedTogetherOnPostgresqlIsNeverPassedByWhatTheServiceBilled() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            cli.set("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres")).set("spring.datasource.username", "postgres");
            twoJobsStartedTogetherUnderOneCap();
        }
    }

    private void twoJobsStartedTogetherUnderOneCap() throws Exception {
        // given two jobs on one job database, each of which alone would spend more than the day's cap
        emulator.setLatency(Duration.ofMillis(500));
        Path feed = dir.resolve("feed");
        writeImages(input, 120, 0);
        writeImages(feed, 120, 1000);
        double cap = 0.004;
        cli.set("gemcap.budget.per-day-usd", String.valueOf(cap)).set("gemcap.limits.concurrency", "16");
        List<List<String>> jobs = List.of(List.of(runArgs()), List.of("run", "--input", feed.toString(), "--output",
                dir.resolve("feed.csv").toString(), "--endpoint", emulator.baseUrl()));

        // when both start at the same moment
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            children.add(ChildJvm.start(cli, jobs.get(i), dir.resolve("job" + i + ".log")));
        }
        for (int i = 0; i < children.size(); i++) {
            assertThat(children.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
        }

        // then both stop at the cap, and together the service billed them no more than it
        for (int i = 0; i < children.size(); i++) {
            String log = Files.readString(dir.resolve("job" + i + ".log"));
            assertThat(children.get(i).exitValue()).as(log).isEqualTo(4);
            assertThat(log).contains("today's cap of " + cap + " USD");
        }
        double invoice = billed();
        System.out.printf("daily cap %.6f: the service billed %.6f for %d requests (%d start-up checks) to two jobs%n", cap, invoice,
                emulator.invoice().requests(), emulator.startupChecks());
        assertThat(invoice).isLessThanOrEqualTo(cap + ONE_CALL_WORST_CASE);
        // and neither stopped while there was room for one more call
        assertThat(invoice).isGreaterThan(cap - ONE_CALL_WORST_CASE);
        assertThat(emulator.calls()).isGreaterThan(40);
    }
}
