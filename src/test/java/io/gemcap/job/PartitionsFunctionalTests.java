package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.DebianPackages;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.JobDatabaseServers;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job in partitions, on the job database a subclass gives (H2, PostgreSQL): the same CSV as a run without them, a
 * kill -9 resumed by the same command partition by partition, and a large folder walked once however many partitions
 * caption it.
 */
abstract class PartitionsFunctionalTests {

    private static final int IMAGES = 60;
    private static final int CHUNK = 5;
    /** Calls in flight in tests (GemcapCli's gemcap.limits.concurrency). */
    private static final int CONCURRENCY = 4;

    @TempDir
    Path dir;

    GeminiEmulator emulator;
    Path input;

    /** A command line whose job database is a new one named {@code name}. */
    abstract GemcapCli cli(String name) throws Exception;

    @BeforeEach
    void startEmulator() {
        emulator = GeminiEmulator.builder().build().start();
        input = dir.resolve("photos");
    }

    @AfterEach
    void stopEmulatorAndJobDatabaseServers() throws Exception {
        emulator.close();
        // H2 job database servers started for this test write in its folder: stopped rather than waited for (2 s idle)
        JobDatabaseServers.stopAllUnder(dir);
    }

    private void images(int count, int folders) {
        for (int i = 0; i < count; i++) {
            TestImages.write(input.resolve("d" + (i % folders) + "/img" + i + ".png"), TestImages.png(12, 12, i));
        }
    }

    private String[] runArgs(Path output, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--output", output.toString(), "--endpoint",
                emulator.baseUrl()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Every column but the call's latency, which differs from run to run. */
    private static List<Map<String, String>> withoutTimings(Path csv) {
        return CsvFiles.records(csv).stream().map(record -> {
            Map<String, String> row = new java.util.LinkedHashMap<>(record.toMap());
            row.remove("latency_ms");
            return row;
        }).toList();
    }

    @Test
    void fourPartitionsGiveTheSameCsvAsARunWithoutThem() throws Exception {
        images(IMAGES, 3);
        TestImages.write(input.resolve("d1/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Path whole = dir.resolve("whole.csv");
        Path parted = dir.resolve("parted.csv");

        GemcapCli.Result one = cli("whole").run(runArgs(whole));
        GemcapCli partedCli = cli("parted");
        GemcapCli.Result four = partedCli.run(runArgs(parted, "--partitions", "4"));

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(four.exitCode()).as(four.err()).isZero();
        assertThat(Files.readAllLines(parted).get(0)).isEqualTo(Files.readAllLines(whole).get(0));
        assertThat(withoutTimings(parted)).hasSize(IMAGES + 1).isEqualTo(withoutTimings(whole));
        assertThat(partedCli.jdbc().queryForList("SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'captionPartition:%'"
                + " ORDER BY STEP_NAME", String.class)).containsExactly("captionPartition:p000000", "captionPartition:p000001",
                        "captionPartition:p000002", "captionPartition:p000003");
        assertThat(emulator.calls()).as("each image paid once per run, the broken one never").isEqualTo(2 * IMAGES);
    }

    @Test
    void aKilledPartitionedRunResumesEachPartitionWithTheSameCommand() throws Exception {
        images(IMAGES, 4);
        Path output = dir.resolve("captions.csv");
        GemcapCli cli = cli("killed");
        emulator.setLatency(Duration.ofMillis(60));
        String[] args = runArgs(output, "--partitions", "4");
        Process child = ChildJvm.start(cli, List.of(args), dir.resolve("child.log"));
        await().atMost(Duration.ofSeconds(120)).until(() -> emulator.calls() >= 30 || !child.isAlive());
        assertThat(child.isAlive()).as("child ended before the kill; see " + dir.resolve("child.log")).isTrue();
        child.destroyForcibly().waitFor();
        List<String> committed = cli.committedPaths();
        int paidBeforeKill = emulator.calls();
        long killed = cli.lastExecutionId();
        Map<String, String> partitionsAtKill = partitionStatuses(cli, killed);

        GemcapCli.Result resumed = cli.run(args);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(IMAGES).doesNotHaveDuplicates().containsAll(committed);
        // each partition that completed before the kill stayed completed; the others ran again from their last commit
        Map<String, String> resumedPartitions = partitionStatuses(cli, cli.lastExecutionId());
        assertThat(cli.lastExecutionId()).isGreaterThan(killed);
        partitionsAtKill.forEach((partition, status) -> {
            if (status.equals("COMPLETED")) {
                assertThat(resumedPartitions).doesNotContainKey(partition);
            } else {
                assertThat(resumedPartitions).containsEntry(partition, "COMPLETED");
            }
        });
        // what was paid twice is at most what the partitions had in flight: each its chunk and its calls started ahead
        int paidTwice = emulator.calls() - IMAGES;
        int share = CONCURRENCY / 4;
        assertThat(paidTwice).as("killed after %d calls", paidBeforeKill).isBetween(0, 4 * (CHUNK + 2 * share));
        assertThat(cli.results().sentAgain(cli.lastInstanceId())).isBetween((long) paidTwice - 4, (long) paidTwice + 4);
    }

    @Test
    void statusAndJobsShowEachPartitionWhereItRunsItsRowsAndItsWorkersHeartbeat() throws Exception {
        // (on PostgreSQL the run's process takes its partitions from the queue one at a time and sends again those a silent
        // worker holds, so workers' claims cannot be made up here: WorkersFunctionalTests reads status with real workers)
        org.junit.jupiter.api.Assumptions.assumeFalse(this instanceof PostgresPartitionsFunctionalTests);
        // given 120 images in walk order (img000 ... img119): partition k of 4 has walk positions 30k to 30k + 29
        int images = 120;
        int each = images / 4;
        for (int i = 0; i < images; i++) {
            TestImages.write(input.resolve(String.format("img%03d.png", i)), TestImages.png(12, 12, i));
        }
        Path output = dir.resolve("captions.csv");
        GemcapCli cli = cli("status");
        // (one call in flight per partition, of 0.6 s each: a partition lasts about 18 s, long enough to be looked at)
        emulator.setLatency(Duration.ofMillis(600));
        Process child = ChildJvm.start(cli, List.of(runArgs(output, "--partitions", "4")), dir.resolve("child.log"));
        // (the job database is read only once the child calls: a test that opened the H2 file while the child started its
        // job database server would host the file itself, and the server would join it and lose it when the test let go)
        await().atMost(Duration.ofSeconds(120)).until(() -> emulator.calls() >= 4 || !child.isAlive());
        await().atMost(Duration.ofSeconds(60)).until(() -> !cli.committedPaths().isEmpty() || !child.isAlive());
        assertThat(child.isAlive()).as("child ended early; see " + dir.resolve("child.log")).isTrue();
        long run = cli.lastExecutionId();
        try {
            // and two of its partitions as workers would hold them: one silent for 45 s and sent twice, one just heard from
            List<Long> steps = cli.jdbc().queryForList("SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                    + " AND STEP_NAME LIKE 'captionPartition:%' ORDER BY STEP_NAME", Long.class, run);
            assertThat(steps).hasSize(4);
            String hold = "INSERT INTO gemcap_partition (step_execution_id, job_execution_id, sends, sent_at, claim, worker, claimed_at,"
                    + " heartbeat_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP, 'claim', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP - INTERVAL '%s' SECOND)";
            cli.jdbc().update(hold.formatted(45), steps.get(1), run, 2, "hostB pid 81");
            cli.jdbc().update(hold.formatted(0), steps.get(2), run, 1, "hostC pid 7");

            GemcapCli.Result status = cli.run("status", String.valueOf(run));
            GemcapCli.Result jobs = cli.run("jobs");

            assertThat(status.exitCode()).as(status.err()).isZero();
            String local = Pattern.quote("run's process " + RunOwner.host() + " pid " + child.pid());
            assertThat(status.out()).contains("split    4 partitions: 4 STARTED; running on 3 hosts")
                    .containsPattern("p000000  STARTED  1-30    +\\d+/30 rows  " + local + "\n")
                    .containsPattern("p000001  STARTED  31-60   +\\d+/30 rows  worker hostB pid 81  heartbeat (4[5-9]|[5-9]\\d) s ago"
                            + "  \\(sent 2 times\\)\n")
                    .containsPattern("p000002  STARTED  61-90   +\\d+/30 rows  worker hostC pid 7  heartbeat \\d s ago\n")
                    .containsPattern("p000003  STARTED  91-120  +\\d+/30 rows  " + local + "\n");
            assertThat(jobs.out()).containsPattern("\n {9}[0-3]/4 partitions done, [1-4] running on [1-3] hosts?\n");
            assertThat(child.isAlive()).as("the run was still going when looked at").isTrue();
        } finally {
            cli.run("stop", String.valueOf(run));
            child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            child.destroyForcibly().waitFor();
        }

        // when the run has stopped, each partition's rows are the images of its range that have one
        Map<Integer, Long> rowsByPartition = cli.committedPaths().stream()
                .collect(Collectors.groupingBy(path -> Integer.parseInt(path.replaceAll(".*img(\\d+)\\.png$", "$1")) / each,
                        Collectors.counting()));
        GemcapCli.Result stopped = cli.run("status", String.valueOf(run));
        List<String> lines = stopped.out().lines().filter(line -> line.matches(" {11}p0000\\d\\d .*")).toList();
        assertThat(lines).as(stopped.out()).hasSize(4);
        for (int partition = 0; partition < 4; partition++) {
            assertThat(lines.get(partition)).as(stopped.out()).matches(" {11}p00000%d  (STOPPED|COMPLETED)  +%d-%d +%d/%d rows  .*"
                    .formatted(partition, each * partition + 1, each * (partition + 1), rowsByPartition.getOrDefault(partition, 0L), each));
        }
        assertThat(lines.get(1)).endsWith("worker hostB pid 81  (sent 2 times)");
        assertThat(rowsByPartition.values().stream().mapToLong(Long::longValue).sum()).as("rows when stopped").isBetween(1L, images - 1L);
    }

    /** The statuses of a job execution's partitions, by partition. */
    private static Map<String, String> partitionStatuses(GemcapCli cli, long jobExecution) {
        Map<String, String> statuses = new java.util.TreeMap<>();
        cli.jdbc().query("SELECT STEP_NAME, STATUS FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE"
                + " 'captionPartition:%'", rs -> {
                    statuses.put(rs.getString(1), rs.getString(2));
                }, jobExecution);
        return statuses;
    }

    @Test
    void tenThousandImagesInFiftyPartitionsAreWalkedOnce() throws Exception {
        int folders = 20;
        images(10_000, folders);
        Path output = dir.resolve("captions.csv");
        // (larger chunks and more calls in flight than the other tests', and no report: 10,000 commits of 5 and 10,000
        // thumbnails take minutes)
        GemcapCli cli = cli("large").set("gemcap.job.chunk-size", "100").set("gemcap.limits.concurrency", "16");
        Path strace = DebianPackages.ensure(Path.of("/usr/bin/strace"), "strace");
        Path trace = dir.resolve("openat.trace");

        // a run in its own JVM, each of its directory opens traced
        Process child = ChildJvm.start(List.of(strace.toString(), "-f", "-qq", "--seccomp-bpf", "-e", "trace=openat", "-o", trace.toString()), cli,
                List.of(runArgs(output, "--partitions", "50", "--no-report")), dir.resolve("child.log"));
        assertThat(child.waitFor(15, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();

        assertThat(CsvFiles.records(output)).hasSize(10_000);
        // (the JDK opens a directory to list it as it opens a file, then reads it through the descriptor)
        Pattern open = Pattern.compile("openat\\(AT_FDCWD, \"([^\"]*)\"");
        Map<String, Long> opens = Files.readAllLines(trace).stream().map(open::matcher).filter(Matcher::find)
                .map(found -> found.group(1)).filter(path -> path.startsWith(input.toString()) && Files.isDirectory(Path.of(path)))
                .collect(Collectors.groupingBy(path -> path, Collectors.counting()));
        // (the input once more by the check at start that it can be read, which reads one entry)
        assertThat(opens).as("the input and each of its folders, listed once").hasSize(folders + 1)
                .allSatisfy((path, count) -> assertThat(count).as(path).isEqualTo(path.equals(input.toString()) ? 2L : 1L));
        assertThat(cli.jdbc().queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'captionPartition:%'",
                Long.class)).isEqualTo(50L);
        assertThat(emulator.calls()).isEqualTo(10_000);
    }
}
