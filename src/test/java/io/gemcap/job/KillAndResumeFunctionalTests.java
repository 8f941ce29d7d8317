package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run in its own JVM killed with SIGKILL, or stopped with SIGTERM, mid-run; then the same command. */
class KillAndResumeFunctionalTests extends FolderJobTest {

    private static final int IMAGES = 50;
    private static final int CHUNK = 5;

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        return GeminiEmulator.builder().latency(Duration.ofMillis(60));
    }

    @BeforeEach
    void images() {
        cli.set("gemcap.job.chunk-size", String.valueOf(CHUNK));
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve("d" + (i % 4) + "/img" + i + ".png"), TestImages.png(20, 20, i));
        }
    }

    private Process startInChildJvm() throws Exception {
        return ChildJvm.start(cli, List.of(runArgs()), dir.resolve("child.log"));
    }

    @Test
    void killedRunResumesWithTheSameCommandCompletingTheCsvWithoutDuplicates() throws Exception {
        // given a run in its own JVM, killed with SIGKILL at a random point mid-run
        int killAfterCalls = ThreadLocalRandom.current().nextInt(8, 38);
        Process child = startInChildJvm();
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= killAfterCalls || !child.isAlive());
        assertThat(child.isAlive()).as("child ended before the kill; see " + dir.resolve("child.log")).isTrue();
        child.destroyForcibly().waitFor();
        int paidBeforeKill = emulator.calls();

        // when the same command runs again
        GemcapCli.Result resumed = cli.run(runArgs());

        // then the orphaned run is recovered and completed, each image once
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(IMAGES);
        assertThat(new HashSet<>(paths)).hasSize(IMAGES);
        // and what was in flight at the kill (the chunk and the calls started ahead of it) is all that was paid twice
        int paidTwice = emulator.calls() - IMAGES;
        // (the look-ahead is twice the concurrency, 4 in tests)
        assertThat(paidTwice).as("killed after %d calls", paidBeforeKill).isBetween(0, CHUNK + 2 * 4);
        // and the summary says how many, give or take the calls in flight at the kill (recorded in batches as they start)
        long told = cli.results().sentAgain(cli.lastInstanceId());
        assertThat(told).as("paid twice: %d", paidTwice).isBetween((long) paidTwice - 4, (long) paidTwice + 4);
        if (told > 0) {
            assertThat(resumed.out()).contains(told + " paid twice after a crash (sent by an earlier execution that ended before it"
                    + " could commit them)");
        }
        assertThat(new File(output + ".partial")).doesNotExist();
    }

    @Test
    void aRunKilledBeforeItWasRegisteredIsRecoveredByTheSameCommand() throws Exception {
        // given a run killed as it started: the job repository has its execution, gemcap's run registry not yet (a window of
        // milliseconds, made here by forgetting the registration of a run killed mid-run)
        Process child = startInChildJvm();
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= 10 || !child.isAlive());
        assertThat(child.isAlive()).as("child ended before the kill; see " + dir.resolve("child.log")).isTrue();
        child.destroyForcibly().waitFor();
        assertThat(cli.jdbc().update("DELETE FROM gemcap_run")).isEqualTo(1);

        // when the same command runs again
        GemcapCli.Result resumed = cli.run(runArgs());

        // then the execution left STARTED is recovered and the run completed, each image once
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(emulator.calls() - IMAGES).isBetween(0, CHUNK + 2 * 4);
    }

    /** Kills a run in a child JVM once the emulator has seen {@code calls} more calls; returns the rows committed then. */
    private int killAfterMoreCalls(int calls, Duration thenWait) throws Exception {
        int before = emulator.calls();
        Process child = startInChildJvm();
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= before + calls || !child.isAlive());
        assertThat(child.isAlive()).as("child ended before the kill; see " + dir.resolve("child.log")).isTrue();
        Thread.sleep(thenWait.toMillis());
        child.destroyForcibly().waitFor();
        return committedRows();
    }

    private int committedRows() {
        return cli.committedRows().size();
    }

    private void assertTheSameCommandCompletesEachImageOnce() {
        GemcapCli.Result resumed = cli.run(runArgs());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(cli.results().rows(cli.lastInstanceId())).hasSize(IMAGES);
    }

    @Test
    void aResumeKilledBeforeItsFirstCommitLeavesTheJobResumableFromTheLastCommit() throws Exception {
        // given a run killed after some commits
        emulator.setLatency(Duration.ofMillis(60));
        int committed = killAfterMoreCalls(ThreadLocalRandom.current().nextInt(12, 30), Duration.ZERO);
        assertThat(committed).isPositive();

        // and its resume killed a second after its first call went out, before that call could commit (slow answers)
        emulator.setLatency(Duration.ofSeconds(8));
        int committedAfterSecondKill = killAfterMoreCalls(1, Duration.ofSeconds(1));
        assertThat(committedAfterSecondKill).as("the resume committed nothing").isEqualTo(committed);

        // when the same command runs a third time, then it resumes after the first run's last commit
        emulator.setLatency(Duration.ofMillis(60));
        assertTheSameCommandCompletesEachImageOnce();
    }

    @Test
    void threeKillsInARowAtRandomPointsBeforeAndAfterCommitsEndCompleteWithoutDuplicates() throws Exception {
        // (answers slow enough that no child can finish the 50 images between reaching its kill point and the kill)
        for (int kill = 0; kill < 3; kill++) {
            boolean beforeACommit = ThreadLocalRandom.current().nextBoolean();
            emulator.setLatency(beforeACommit ? Duration.ofSeconds(8) : Duration.ofMillis(200));
            int calls = beforeACommit ? ThreadLocalRandom.current().nextInt(1, 4) : ThreadLocalRandom.current().nextInt(6, 11);
            killAfterMoreCalls(calls, Duration.ofMillis(ThreadLocalRandom.current().nextInt(0, beforeACommit ? 800 : 150)));
        }
        emulator.setLatency(Duration.ofMillis(60));
        assertTheSameCommandCompletesEachImageOnce();
    }

    @Test
    void sigtermStopsTheRunOnceItsCallsInFlightAreRecordedAsStoppedAndTheSameCommandCompletesIt() throws Exception {
        // given a run in its own JVM
        Process child = startInChildJvm();
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= 12 || !child.isAlive());
        assertThat(child.isAlive()).as("child ended before SIGTERM; see " + dir.resolve("child.log")).isTrue();

        // when it gets SIGTERM
        child.destroy();

        // then it commits its chunk with the calls in flight, ends STOPPED with exit code 4 and says how to resume
        assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(4);
        String log = java.nio.file.Files.readString(dir.resolve("child.log"));
        assertThat(log).contains("gemcap: run 1 stopped").contains("run the same command to resume");
        List<String> committed = cli.committedPaths();
        assertThat(committed).isNotEmpty().doesNotHaveDuplicates();
        // (an answer that came in after a row before it was given up is kept in the ledger alone, for the resume to take)
        assertThat(cli.ledgerEntries()).as("every call made was answered and recorded").isEqualTo(emulator.calls());

        // and the same command completes the run, each image once
        GemcapCli.Result resumed = cli.run(runArgs());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(emulator.calls()).as("each image called once").isEqualTo(IMAGES);
    }

    @Test
    void afterAStopCallsThatWereStillWaitingForTheQuotaAreNotCountedAsPaidTwice() throws Exception {
        // given a run held to 2 requests a second, so most calls started ahead of the chunk wait for their permit
        String[] args = runArgs("--rpm", "120");
        Process child = ChildJvm.start(cli, List.of(args), dir.resolve("child.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= 10 || !child.isAlive());
        assertThat(child.isAlive()).as("child ended before SIGTERM; see " + dir.resolve("child.log")).isTrue();

        // when it gets SIGTERM, stops (exit 4), and the same command completes it (unhindered by the quota: the ~40 images
        // left took 20 s at 2 a second, and the stop is what the quota was for)
        child.destroy();
        assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isEqualTo(4);
        GemcapCli.Result resumed = cli.run(runArgs());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");

        // then it reports no more images paid twice than the service really answered twice, and names no crash
        long answeredTwice = java.util.stream.IntStream.range(0, IMAGES)
                .filter(i -> emulator.callsFor(io.gemcap.image.ImageInspector.sha256(TestImages.png(20, 20, i))) > 1).count();
        long told = cli.results().sentAgain(cli.lastInstanceId());
        assertThat(told).as("answered twice: %d", answeredTwice).isLessThanOrEqualTo(answeredTwice);
        assertThat(resumed.out()).doesNotContain("crash");
    }

    /**
     * A run in a child JVM, one call at a time with a long patience, whose service starts answering only 500
     * after {@code callsFirst} calls: it is then waiting out {@code backoff}.
     */
    private Process childWaitingOutABackoff(Duration backoff, int callsFirst) throws Exception {
        cli.set("gemcap.limits.concurrency", "1").set("gemcap.retry.initial-backoff", backoff.toSeconds() + "s")
                .set("gemcap.retry.max-backoff", backoff.toSeconds() + "s").set("gemcap.breaker.patience", "10m");
        Process child = startInChildJvm();
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= callsFirst || !child.isAlive());
        emulator.faults().errorRate(500, 1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.events().stream().anyMatch(e -> e.status() == 500));
        assertThat(child.isAlive()).as("child ended early; see " + dir.resolve("child.log")).isTrue();
        return child;
    }

    @Test
    void sigtermDuringABackoffStopsWithinSecondsCommittingWhatIsDoneAndTheSameCommandCompletesIt() throws Exception {
        // given a run, one call at a time, whose service starts answering 500 with a long backoff and patience
        Process child = childWaitingOutABackoff(Duration.ofSeconds(30), 13);
        Thread.sleep(1000);

        // when it gets SIGTERM while it waits out the backoff
        child.destroy();

        // then it ends STOPPED (exit 4) within seconds, having committed the rows that were done
        assertThat(child.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("ended within 5 s").isTrue();
        assertThat(child.exitValue()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isEqualTo(4);
        assertThat(committedRows()).isGreaterThanOrEqualTo(12);
        assertThat(cli.committedRows()).allSatisfy(row -> assertThat(row.status().label()).isEqualTo("ok"));

        // and the same command completes the run, each image once
        emulator.faults().clear();
        assertTheSameCommandCompletesEachImageOnce();
    }

    @Test
    void stopFromAnotherProcessDuringABackoffEndsTheRunWithinSeconds() throws Exception {
        // given a run, one call at a time, waiting out a 60 s backoff after a 500
        Process child = childWaitingOutABackoff(Duration.ofSeconds(60), 8);

        // when `stop ID` runs in another process
        GemcapCli.Result stop = cli.run("stop", String.valueOf(cli.lastExecutionId()));
        assertThat(stop.exitCode()).as(stop.err()).isZero();

        // then the run ends STOPPED within seconds (it looks for the request every 2 s), not after the backoff
        assertThat(child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("ended within 10 s").isTrue();
        assertThat(child.exitValue()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isEqualTo(4);
        emulator.faults().clear();
        assertTheSameCommandCompletesEachImageOnce();
    }

    @Test
    void stopFromAnotherProcessEndsTheRunStoppedAndJobsShowsIt() throws Exception {
        // (slow answers, so that the run is still going while `stop` starts up)
        emulator.setLatency(Duration.ofMillis(500));
        Process child = startInChildJvm();
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= 12 || !child.isAlive());
        assertThat(child.isAlive()).as("child ended early; see " + dir.resolve("child.log")).isTrue();
        long id = cli.lastExecutionId();

        // when `stop ID` runs in another process while the run goes on
        GemcapCli.Result stop = cli.run("stop", String.valueOf(id));

        // then the run finishes its chunk and ends STOPPED, exit 4
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isEqualTo(4);
        // and `jobs` and `status` show it, with its rows so far
        GemcapCli.Result jobs = cli.run("jobs");
        assertThat(jobs.out()).contains(input + " -> " + output).contains("STOPPED");
        GemcapCli.Result status = cli.run("status", String.valueOf(id));
        assertThat(status.out()).contains("1 (id " + id + ", online): STOPPED (stop-command)").contains(" ok, ")
                .contains("resume   scripts/caption restart " + id);
        // and `restart ID` finishes it
        GemcapCli.Result restarted = cli.run("restart", String.valueOf(id), "--endpoint", emulator.baseUrl());
        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(IMAGES);
    }

    @Test
    void aRunOnAnH2FileAnotherProgramHoldsWithoutSharingItExitsThreeWithOneLineNamingTheFile() throws Exception {
        // given the job database file opened by a program of its own, without AUTO_SERVER (as an H2 console may)
        Path file = dir.resolve("db/jobs").toAbsolutePath();
        java.nio.file.Files.createDirectories(file.getParent());
        try (java.sql.Connection held = java.sql.DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "")) {

            // when a run starts
            GemcapCli.Result run = cli.run(runArgs());

            // then it exits 3 with one line naming the file and saying what to do, and calls nothing
            assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
            assertThat(run.err()).startsWith("gemcap: the job database " + file + " is open in another process that does not share it")
                    .contains("close it there, or wait for that process to end").doesNotContain("lacks");
            assertThat(run.err().lines().count()).isEqualTo(1);
            assertThat(emulator.calls()).isZero();
        }
    }
}
