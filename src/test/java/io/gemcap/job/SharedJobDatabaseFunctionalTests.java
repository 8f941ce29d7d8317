package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.image.ImageInspector;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.JobDatabaseServers;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several jobs, each a gemcap process of its own, on the default H2 job database of one gemcap home: they start at the
 * same moment or one after another, end in any order or are killed, and none breaks another.
 */
class SharedJobDatabaseFunctionalTests extends FolderJobTest {

    /** A job of its own: an input folder of distinct images and its CSV. */
    private record Job(String name, Path input, Path output, List<String> sha256s) {

        String[] args(String endpoint) {
            return new String[] {"run", "--input", input.toString(), "--output", output.toString(), "--endpoint", endpoint};
        }
    }

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        // answers slow enough that the four jobs overlap, whatever the machine's speed at starting JVMs
        return GeminiEmulator.builder().latency(Duration.ofMillis(1500));
    }

    private Job job(String name, int images, int seed) {
        Path folder = dir.resolve(name);
        List<String> sha256s = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            byte[] png = TestImages.png(20, 20, seed + i);
            TestImages.write(folder.resolve("img" + i + ".png"), png);
            sha256s.add(ImageInspector.sha256(png));
        }
        return new Job(name, folder, dir.resolve(name + ".csv"), sha256s);
    }

    private long answered(Job job) {
        return job.sha256s().stream().filter(sha -> emulator.callsFor(sha) > 0).count();
    }

    private Process start(Job job) throws Exception {
        return ChildJvm.start(cli, List.of(job.args(emulator.baseUrl())), dir.resolve(job.name() + ".log"));
    }

    private String log(Job job) throws Exception {
        return Files.readString(dir.resolve(job.name() + ".log"));
    }

    private Optional<ProcessHandle> server() {
        return JobDatabaseServers.of(dir.resolve("db/jobs"));
    }

    @Test
    void fourJobsTwoStartedAtTheSameMomentOneKilledAllCompleteWithEachRowOnce() throws Exception {
        Job a = job("a", 20, 0);
        Job b = job("b", 20, 1000);
        Job c = job("c", 16, 2000);
        Job d = job("d", 4, 3000);
        // (the server stays up between the jobs even when a JVM is slow to start on a loaded machine; stopped after the test)
        cli.set("gemcap.limits.concurrency", "2").set("gemcap.job-database.server-idle", "600s");
        // (this JVM's first command is slow to start; `jobs` below is to run while the jobs do)
        new GemcapCli(dir.resolve("warm-up")).run("jobs");

        // given two jobs started at the same moment on one gemcap home (neither finds the job database served yet)
        assertThat(server()).isEmpty();
        Process first = start(a);
        Process second = start(b);
        await().atMost(Duration.ofSeconds(120)).until(() -> answered(a) > 0 && answered(b) > 0 || !first.isAlive() || !second.isAlive());
        assertThat(first.isAlive()).as("%s", log(a)).isTrue();
        assertThat(second.isAlive()).as("%s", log(b)).isTrue();
        // one server process holds the database, started by one of them
        ProcessHandle server = server().orElseThrow();
        long starter = server.parent().map(ProcessHandle::pid).orElse(-1L);
        assertThat(starter).isIn(first.pid(), second.pid());
        Process killed = starter == first.pid() ? first : second;
        Process survivor = killed == first ? second : first;
        Job killedJob = killed == first ? a : b;
        Job survivorJob = killed == first ? b : a;

        // and a third job started while they run
        Process third = start(c);

        // when the job that started the server is killed with SIGKILL mid-run, with calls in flight
        await().atMost(Duration.ofSeconds(60)).until(() -> answered(killedJob) >= 6 || !killed.isAlive());
        assertThat(killed.isAlive()).as("ended before the kill: " + log(killedJob)).isTrue();
        killed.destroyForcibly().waitFor();
        long killedAfter = answered(killedJob);
        assertThat(killedAfter).as("killed mid-run").isLessThan(killedJob.sha256s().size());

        // and a fourth job starts after the kill, and `jobs` runs while the others go on
        Process fourth = start(d);
        GemcapCli.Result jobs = cli.run("jobs");
        assertThat(survivor.isAlive() || third.isAlive()).as("`jobs` ran while jobs did").isTrue();

        // then the server and the other jobs live on
        assertThat(jobs.exitCode()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains(a.input() + " -> " + a.output()).contains(b.input() + " -> " + b.output());
        // (the killed run is shown as having died, not as STARTED)
        assertThat(jobs.out().lines().filter(line -> line.endsWith("/" + killed.pid()))).singleElement().asString()
                .contains(" DIED ").doesNotContain("STARTED ");
        // (and its partition, which its process was running, with it)
        assertThat(jobs.out()).containsPattern("/" + killed.pid() + "\n {9}0/1 partitions done, 1 DIED\n");
        assertThat(server.isAlive()).isTrue();
        for (Process running : List.of(survivor, third, fourth)) {
            assertThat(running.waitFor(180, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(survivor.exitValue()).as(log(survivorJob)).isZero();
        assertThat(third.exitValue()).as(log(c)).isZero();
        assertThat(fourth.exitValue()).as(log(d)).isZero();
        assertThat(server().map(ProcessHandle::pid)).as("one server throughout").contains(server.pid());

        // and the killed job completes with the same command (answers quick now: the jobs it had to overlap have ended)
        emulator.setLatency(Duration.ofMillis(20));
        GemcapCli.Result resumed = cli.run(killedJob.args(emulator.baseUrl()));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");

        // and every job holds each of its images once, in its CSV and in the results table
        for (Job job : List.of(a, b, c, d)) {
            List<String> paths = CsvFiles.records(job.output()).stream().map(r -> r.get("path")).toList();
            assertThat(paths).as(job.name()).hasSize(job.sha256s().size()).doesNotHaveDuplicates();
            assertThat(CsvFiles.records(job.output())).as(job.name()).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("ok"));
        }
        for (Job job : List.of(a, b, c, d)) {
            assertThat(cli.results().rows(cli.instanceIdOf(job.input()))).as(job.name()).hasSize(job.sha256s().size());
        }
        // and only what the killed job had in flight was paid twice (its chunk and the calls started ahead of it)
        assertThat(emulator.calls() - 60).as("paid twice").isBetween(0, 5 + 2 * 2);
    }

    @Test
    void aRunWhoseJobDatabaseServerIsKilledMidChunkResumesByItselfKeepingTheAnswersOfTheChunkInFlight() throws Exception {
        // given a run in its own JVM with a chunk committed and the next one's calls in flight
        Job job = job("photos", 20, 0);
        // (the server the run starts after the kill stays up for this test's own reads; stopped after the test)
        cli.set("gemcap.limits.concurrency", "2").set("gemcap.job-database.server-idle", "600s");
        Process run = start(job);
        await().atMost(Duration.ofSeconds(120)).until(() -> answered(job) >= 7 || !run.isAlive());
        assertThat(run.isAlive()).as("%s", log(job)).isTrue();

        // when the job database's server process is killed with SIGKILL
        ProcessHandle server = server().orElseThrow();
        server.destroyForcibly();
        server.onExit().get();

        // then the run resumes by itself from its last commit and completes
        assertThat(run.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as("%s%nserver log:%n%s", log(job), Files.readString(dir.resolve("db/jobs.server.log"))).isZero();
        assertThat(log(job)).contains("lost its connection to the job database; resuming it from its last commit");
        List<String> paths = CsvFiles.records(job.output()).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(20).doesNotHaveDuplicates();
        assertThat(cli.results().rows(cli.instanceIdOf(job.input()))).hasSize(20);
        // and the answers of the chunk in flight were kept: at most a call going out as the connection broke was paid again
        // (none, mostly; once in a full suite on a loaded machine, one)
        assertThat(job.sha256s()).allSatisfy(sha -> assertThat(emulator.callsFor(sha)).as(sha).isBetween(1, 2));
        assertThat(emulator.calls() - 20).as("paid twice").isBetween(0, 2);
    }

    @Test
    void theServerALastCommandLeftLeavesByItselfOnceIdleClosingTheFile() throws Exception {
        // given a run that started the job database's server (2 s idle in tests)
        job("photos", 2, 0);
        GemcapCli.Result result = run();
        assertThat(result.exitCode()).as(result.err()).isZero();

        // then, with no command connected, the server leaves by itself: its process is gone and H2 closed the file
        await().atMost(Duration.ofSeconds(30)).until(() -> server().isEmpty());
        assertThat(dir.resolve("db/jobs.lock.db")).doesNotExist();
        assertThat(Files.readString(dir.resolve("db/jobs.server.log"))).as("the server's log").doesNotContain("lost");
    }
}
