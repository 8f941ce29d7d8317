package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The whole job against a misbehaving service: faults, quotas, outages, hanging calls, a revoked key. */
class ResilienceFunctionalTests extends FolderJobTest {

    private static final String SECOND_KEY = "second-valid-key";

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        return GeminiEmulator.builder().apiKey(SECOND_KEY);
    }

    private void images(int count) {
        for (int i = 0; i < count; i++) {
            TestImages.write(input.resolve("d" + (i % 5) + "/img" + i + ".png"), TestImages.png(16, 16, i));
        }
    }

    private static void assertEveryImageOkOnce(List<CSVRecord> rows, int images) {
        assertThat(rows).hasSize(images);
        assertThat(new HashSet<>(rows.stream().map(r -> r.get("path")).toList())).hasSize(images);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("status")).as(r.get("error")).isEqualTo("ok"));
    }

    @Test
    void injected429s500sAnd503sStillEndWithEveryGoodImageOkOnce() {
        // given a service answering 20% 429, 10% 500 and 5% 503
        images(80);
        emulator.faults().errorRate(429, 0.20).errorRate(500, 0.10).errorRate(503, 0.05);
        // a breaker that reads 35% errors as noise, not as an outage
        cli.set("gemcap.breaker.window", "20").set("gemcap.breaker.failure-rate-percent", "80");

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertEveryImageOkOnce(CsvFiles.records(output), 80);
        assertThat(emulator.events().stream().filter(e -> e.status() != 200).count()).isGreaterThan(10);
    }

    @Test
    void afterA429NoCallComesBeforeTheServersDelayHasPassed() {
        // given a quota of 4 calls per 1.5 s window, and gemcap not told of it (no --rpm)
        images(16);
        emulator.faults().quota(4, Duration.ofMillis(1500));

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertEveryImageOkOnce(CsvFiles.records(output), 16);
        // then after each 429 every worker waited: calls already in flight when it was sent may land just after it
        // (on two loaded cores a call past the pacer has taken over 400 ms to reach the server: 600 ms are allowed), but
        // none was sent later, before the delay it named had passed (a gemcap that ignored the delay would send a call
        // every few milliseconds into the rest of each 1.5 s window)
        List<GeminiEmulator.CallEvent> events = emulator.events();
        long inFlight = Duration.ofMillis(600).toNanos();
        int rateLimited = 0;
        for (GeminiEmulator.CallEvent limited : events) {
            if (limited.status() != 429) {
                continue;
            }
            rateLimited++;
            long resumeAt = limited.arrivedNanos() + limited.retryAfter().toNanos();
            assertThat(events).noneMatch(e -> e.arrivedNanos() > limited.arrivedNanos() + inFlight && e.arrivedNanos() < resumeAt - 5_000_000);
        }
        assertThat(rateLimited).isPositive();
    }

    @Test
    void anOutageLongerThanTheBreakersWaitFailsNoRowAndTheJobCompletes() {
        images(40);
        emulator.setLatency(Duration.ofMillis(20));
        cli.set("gemcap.breaker.patience", "20s");
        CompletableFuture<GemcapCli.Result> run = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.calls() >= 10);

        // when every call is answered 503 for 1.5 s (the breaker waits 200 ms between trials)
        emulator.faults().outage(Duration.ofMillis(1500));
        GemcapCli.Result result = run.join();

        // then no row failed and the job completed
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertEveryImageOkOnce(CsvFiles.records(output), 40);
        assertThat(emulator.events().stream().filter(e -> e.status() == 503).count()).isPositive();
    }

    @Test
    void anOutagePastThePatienceStopsTheJobResumable() {
        images(30);
        emulator.setLatency(Duration.ofMillis(20));
        CompletableFuture<GemcapCli.Result> run = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.calls() >= 8);
        emulator.faults().outage(Duration.ofMinutes(5));

        GemcapCli.Result failed = run.join();

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("has been failing for over 2 s (last: 503").contains("run the same command to resume");
        emulator.faults().clear();
        GemcapCli.Result resumed = run();
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertEveryImageOkOnce(CsvFiles.records(output), 30);
    }

    @Test
    void withOneCallInFlightAServiceAnsweringOnly500sStopsTheJobPastThePatience() {
        // given one call at a time, a backoff as long as the breaker's open wait, and a service answering only 500
        images(10);
        cli.set("gemcap.limits.concurrency", "1").set("gemcap.retry.initial-backoff", "200ms")
                .set("gemcap.retry.max-backoff", "200ms").set("gemcap.breaker.open-wait", "200ms");
        emulator.faults().errorRate(500, 1.0);

        // when the job runs, then it stops resumable once the patience (2 s in tests) is past
        GemcapCli.Result failed = run();
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
        assertThat(failed.err()).contains("has been failing for over 2 s (last: 500").contains("run the same command to resume");
    }

    @Test
    void aKeyRevokedMidRunStopsTheJobAtOnceResumableWithOneLine() {
        images(40);
        emulator.setLatency(Duration.ofMillis(30));
        CompletableFuture<GemcapCli.Result> run = CompletableFuture.supplyAsync(this::run);
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.calls() >= 12);

        emulator.revokeKey(GeminiEmulator.DEFAULT_KEY);
        long revokedAt = System.nanoTime();
        GemcapCli.Result stopped = run.join();

        assertThat(stopped.exitCode()).isEqualTo(2);
        assertThat(stopped.err().lines().toList()).hasSize(1);
        assertThat(stopped.err()).contains("the API key was rejected (403").contains("run the same command to resume");
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(10));
        // with a working key the same command finishes the run
        cli.env("GEMINI_API_KEY", SECOND_KEY);
        GemcapCli.Result resumed = run();
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");
        assertEveryImageOkOnce(CsvFiles.records(output), 40);
    }

    @Test
    void hangingCallsAreAbandonedAtTheTimeoutAndRetried() {
        images(30);
        emulator.faults().hang(0.2, Duration.ofSeconds(30));
        cli.set("gemcap.gemini.timeout", "400ms").set("gemcap.breaker.window", "20").set("gemcap.breaker.failure-rate-percent", "80");

        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertEveryImageOkOnce(CsvFiles.records(output), 30);
        assertThat(emulator.calls()).isGreaterThan(30);
    }

    @Test
    void theDailyRequestLimitIsThePoolsAndHoldsEveryRunOfTheDayUntilItIsRaised() {
        images(20);

        GemcapCli.Result stopped = run("--rpd", "12");

        assertThat(stopped.exitCode()).isEqualTo(4);
        assertThat(stopped.err()).contains("stopped").contains("12 requests per day").contains("resets at midnight Pacific time")
                .contains("run the same command then to resume");
        assertThat(emulator.calls()).isLessThanOrEqualTo(12);
        // the same day, the pool's requests are counted across runs: the same command stops again
        GemcapCli.Result again = run("--rpd", "12");
        assertThat(again.exitCode()).as(again.err()).isEqualTo(4);
        assertThat(emulator.calls()).isLessThanOrEqualTo(12);
        GemcapCli.Result raised = run("--rpd", "40");
        assertThat(raised.exitCode()).as(raised.err()).isZero();
        assertThat(raised.out()).contains("run 1 completed");
        assertEveryImageOkOnce(CsvFiles.records(output), 20);
    }

    @Test
    void theServicesPerDayQuotaStopsTheRunAsStopped() {
        images(10);
        emulator.faults().quota(6, Duration.ofDays(1));

        GemcapCli.Result stopped = run();

        assertThat(stopped.exitCode()).isEqualTo(4);
        assertThat(stopped.err()).contains("requests-per-day quota is used up");
    }
}
