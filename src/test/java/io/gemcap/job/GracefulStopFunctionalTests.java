package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.image.ImageInspector;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a run in its own JVM, with the real client against the emulator over HTTP, answers as slow as real ones (3 s)
 * and 16 calls at a time: the first signal waits for the calls in flight and records them, so nothing is paid twice; a
 * second abandons them.
 */
class GracefulStopFunctionalTests extends FolderJobTest {

    private static final int IMAGES = 240;
    private static final int CONCURRENCY = 16;
    private static final Duration ANSWER = Duration.ofSeconds(3);
    /** Answers for the runs that complete a stopped one: 240 calls of 3 s, 16 at a time, took 45 s of each test. */
    private static final Duration QUICK = Duration.ofMillis(50);

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        return GeminiEmulator.builder().latency(ANSWER);
    }

    @BeforeEach
    void images() {
        cli.set("gemcap.job.chunk-size", "20").set("gemcap.limits.concurrency", String.valueOf(CONCURRENCY));
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve("d" + (i % 4) + "/img" + i + ".png"), TestImages.png(20, 20, i));
        }
    }

    private Process start(String log) throws Exception {
        return ChildJvm.start(cli, List.of(runArgs()), dir.resolve(log));
    }

    /** Starts the run in a child JVM and waits until the emulator has seen {@code calls} more calls from it. */
    private Process startAndWaitFor(int calls, String log) throws Exception {
        int before = emulator.calls();
        Process child = start(log);
        await().atMost(Duration.ofSeconds(120)).until(() -> emulator.calls() >= before + calls || !child.isAlive());
        assertThat(child.isAlive()).as("child ended early; see " + dir.resolve(log)).isTrue();
        return child;
    }

    private static void sigterm(Process child) throws Exception {
        new ProcessBuilder("kill", "-TERM", String.valueOf(child.pid())).inheritIO().start().waitFor();
    }

    private List<String> committed() {
        return cli.committedPaths();
    }

    @Test
    void threeSigtermsInARowThenTheSameCommandCompleteTheRunWithNoImagePaidTwice() throws Exception {
        for (int stop = 1; stop <= 3; stop++) {
            // given the run going, 16 calls of 3 s at a time, stopped at a random point
            String log = "stop" + stop + ".log";
            Process child = startAndWaitFor(ThreadLocalRandom.current().nextInt(17, 40), log);
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 3000));
            int committedBefore = committed().size();

            // when it gets SIGTERM
            sigterm(child);

            // then it waits for its calls in flight, records them and exits 4, saying so
            assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("ended; see " + dir.resolve(log)).isTrue();
            String said = Files.readString(dir.resolve(log));
            assertThat(child.exitValue()).as(said).isEqualTo(4);
            assertThat(said).contains("stopping: nothing new is sent; waiting for the").contains("calls in flight")
                    .contains("TERM again to abandon them").contains("gemcap: run 1 stopped").contains("run the same command to resume");
            // and every call it made was answered and recorded: committed, or (an answer that came in after a row before it
            // was given up) kept in the ledger for the resume to take
            assertThat(committed()).as(said).hasSizeGreaterThan(committedBefore).doesNotHaveDuplicates();
            assertThat(cli.ledgerEntries()).as(said).isEqualTo(emulator.calls());
        }

        // when the same command runs to the end (answers quick now: the stops are what needed them slow)
        emulator.setLatency(QUICK);
        GemcapCli.Result completed = cli.run(runArgs());

        // then the CSV holds every image once, and the service was asked once per image, in all four executions
        assertThat(completed.exitCode()).as(completed.err()).isZero();
        assertThat(completed.out()).contains("run 1 completed").doesNotContain("paid twice");
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(emulator.calls()).isEqualTo(IMAGES);
        assertThat(IntStream.range(0, IMAGES).map(i -> emulator.callsFor(ImageInspector.sha256(TestImages.png(20, 20, i)))))
                .containsOnly(1);
        assertThat(cli.results().sentAgain(cli.lastInstanceId())).isZero();
    }

    @Test
    void aStopSendsNoCallThatWasWaitingForTheQuota() throws Exception {
        // given a run held to 2 requests a second, so that most of its 16 workers wait for the quota
        String[] args = runArgs("--rpm", "120");
        Process child = ChildJvm.start(cli, List.of(args), dir.resolve("child.log"));
        await().atMost(Duration.ofSeconds(120)).until(() -> emulator.calls() >= 10 || !child.isAlive());
        assertThat(child.isAlive()).as("child ended early; see " + dir.resolve("child.log")).isTrue();

        // when it gets SIGTERM
        int sentBefore = emulator.calls();
        sigterm(child);

        // then no call waiting for the quota is sent (one may leave in the moment the signal takes to arrive), and the calls
        // out are waited for and recorded: exit 4
        assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(dir.resolve("child.log"));
        assertThat(child.exitValue()).as(said).isEqualTo(4);
        assertThat(emulator.calls()).as(said).isBetween(sentBefore, sentBefore + 1);

        // and the same command completes the run having asked the service once per image (quickly: the stop is done)
        emulator.setLatency(QUICK);
        GemcapCli.Result completed = cli.run(runArgs("--rpm", "6000"));
        assertThat(completed.exitCode()).as(completed.err()).isZero();
        assertThat(CsvFiles.records(output).stream().map(r -> r.get("path")).toList()).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(emulator.calls()).isEqualTo(IMAGES);
        assertThat(completed.out()).doesNotContain("paid twice");
    }

    @Test
    void stopFromAnotherProcessAlsoWaitsForTheCallsInFlightAndNothingIsPaidTwice() throws Exception {
        // given the run going, 16 calls of 3 s at a time
        Process child = startAndWaitFor(ThreadLocalRandom.current().nextInt(17, 40), "child.log");

        // when `stop ID` runs in another process
        GemcapCli.Result stop = cli.run("stop", String.valueOf(cli.lastExecutionId()));
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("it sends nothing new");

        // then the run ends STOPPED (exit 4) once its calls in flight are answered
        assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(dir.resolve("child.log"));
        assertThat(child.exitValue()).as(said).isEqualTo(4);
        assertThat(committed()).as(said).isNotEmpty().doesNotHaveDuplicates();

        // and the same command completes the run having asked the service once per image (quickly: the stop is done)
        emulator.setLatency(QUICK);
        GemcapCli.Result completed = cli.run(runArgs());
        assertThat(completed.exitCode()).as(completed.err()).isZero();
        assertThat(CsvFiles.records(output).stream().map(r -> r.get("path")).toList()).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(emulator.calls()).isEqualTo(IMAGES);
        assertThat(completed.out()).doesNotContain("paid twice");
    }

    @Test
    void aSecondSigtermAbandonsTheCallsInFlightAtOnceAndTheResumeSaysItPaidThemAgainForThat() throws Exception {
        // given a run whose 16 calls in flight take a minute to be answered, draining after a first SIGTERM
        emulator.setLatency(Duration.ofSeconds(60));
        Process child = startAndWaitFor(CONCURRENCY, "child.log");
        sigterm(child);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("child.log")).contains("stopping:"));
        assertThat(child.waitFor(2, TimeUnit.SECONDS)).as("still waiting for its calls after the first signal").isFalse();
        int sent = emulator.calls();

        // when it gets a second SIGTERM
        long secondAt = System.nanoTime();
        sigterm(child);

        // then it ends within seconds, not after its calls, STOPPED (exit 4), having sent nothing more
        assertThat(child.waitFor(15, TimeUnit.SECONDS)).as("ended within 15 s of the second signal").isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - secondAt);
        String said = Files.readString(dir.resolve("child.log"));
        assertThat(child.exitValue()).as(said).isEqualTo(4);
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        assertThat(said).contains("abandoning the").contains("a resume pays for those calls again");
        assertThat(emulator.calls()).isEqualTo(sent);

        // and the same command completes the run, saying how many it paid again and why: not a crash
        emulator.setLatency(QUICK);
        GemcapCli.Result completed = cli.run(runArgs());
        assertThat(completed.exitCode()).as(completed.err()).isZero();
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(IMAGES).doesNotHaveDuplicates();
        int paidTwice = emulator.calls() - IMAGES;
        assertThat(paidTwice).isEqualTo(sent);
        assertThat(completed.out()).contains(paidTwice + " paid twice because a second stop signal abandoned them in flight")
                .doesNotContain("after a crash");
    }
}
