package io.gemcap.job;

import static io.gemcap.testing.PrometheusText.label;
import static io.gemcap.testing.PrometheusText.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.PrometheusText;
import io.gemcap.testing.PushgatewayServer;
import io.gemcap.testing.TestImages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job over several processes: a run with {@code --partitions} on a real PostgreSQL server, and {@code worker} processes
 * (each with its own key of the emulator's project) taking its partitions; workers killed, paused past the silence they are
 * allowed, and the run's own process killed.
 */
class WorkersFunctionalTests {

    private static final int IMAGES = 60;
    private static final int CHUNK = 5;
    /** Calls in flight per process in these tests (GemcapCli's gemcap.limits.concurrency). */
    private static final int CONCURRENCY = 4;
    private static final Duration SILENCE = Duration.ofSeconds(6);

    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    private GeminiEmulator emulator;
    private Path input;
    private String database;
    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void start() throws Exception {
        emulator = GeminiEmulator.builder().apiKey("worker-1").apiKey("worker-2").build().start();
        // each image takes a while, so that partitions are still waiting when the workers look
        emulator.setLatency(Duration.ofMillis(400));
        input = dir.resolve("photos");
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve("d" + (i % 3) + "/img" + i + ".png"), TestImages.png(12, 12, i));
        }
        database = "gemcap_" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Process child : children) {
            child.destroyForcibly().waitFor();
        }
        emulator.close();
    }

    /** A process on the shared database with its own key. */
    /** The calls made with {@code key}, once the count has held for a second. */
    private int settledCallsWith(String key) throws InterruptedException {
        int calls = emulator.callsWith(key);
        for (int held = 0; held < 4; ) {
            Thread.sleep(250);
            int now = emulator.callsWith(key);
            held = now == calls ? held + 1 : 0;
            calls = now;
        }
        return calls;
    }

    private GemcapCli cli(String name, String key) {
        return new GemcapCli(dir.resolve("home-" + name)).env("GEMINI_API_KEY", key)
                .set("spring.datasource.url", postgres.getJdbcUrl("postgres", database))
                .set("spring.datasource.username", "postgres")
                .set("gemcap.job.chunk-size", String.valueOf(CHUNK))
                .set("gemcap.job.heartbeat-interval", "1s")
                .set("gemcap.job.worker-silence", SILENCE.toSeconds() + "s")
                .set("logging.level.io.gemcap", "INFO");
    }

    private Process worker(String key) throws Exception {
        return worker(key, "20s");
    }

    private Process worker(String key, String idle) throws Exception {
        Path log = dir.resolve(key + ".log");
        Process worker = ChildJvm.start(cli(key, key), List.of("worker", "--exit-when-idle", idle), log);
        children.add(worker);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log) && Files.readString(log).contains("waiting for partitions"));
        return worker;
    }

    private List<String> runArgs(Path output) {
        return runArgs(output, 6);
    }

    private List<String> runArgs(Path output, int partitions) {
        return List.of("run", "--input", input.toString(), "--output", output.toString(), "--endpoint", emulator.baseUrl(),
                "--partitions", String.valueOf(partitions), "--no-report");
    }

    /**
     * Waits until the worker holds a partition and has called for {@code calls} images, so that what the test does to it
     * next happens in the middle of a partition (partitions of 20 or 30 images, each 1 s: a partition lasts 5 s or more).
     */
    private void untilMidPartition(GemcapCli manager, String key, Process worker, Process run, int calls) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !run.isAlive() || emulator.callsWith(key) >= calls
                && manager.jdbc().queryForObject("SELECT COUNT(*) FROM gemcap_partition p JOIN BATCH_STEP_EXECUTION s ON"
                        + " s.STEP_EXECUTION_ID = p.step_execution_id WHERE s.STATUS = 'STARTED' AND p.worker LIKE ?", Long.class,
                        "% pid " + worker.pid()) == 1);
        assertThat(run.isAlive()).as("the run ended before the worker was caught in a partition").isTrue();
    }

    private static List<Map<String, String>> withoutTimings(Path csv) {
        return CsvFiles.records(csv).stream().map(record -> {
            Map<String, String> row = new java.util.LinkedHashMap<>(record.toMap());
            row.remove("latency_ms");
            return row;
        }).toList();
    }

    /** How each partition of the run's last execution ended, for a failure's message. */
    private static String partitionsEnded(GemcapCli cli) {
        return String.join("\n", cli.jdbc().queryForList("SELECT STEP_NAME || ' ' || STATUS || ' ' || COALESCE(EXIT_MESSAGE, '')"
                + " FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? ORDER BY STEP_NAME", String.class, cli.lastExecutionId()));
    }

    /** Who ended up holding each partition of the run's last execution. */
    private static List<String> holders(GemcapCli cli) {
        return cli.jdbc().queryForList("SELECT worker FROM gemcap_partition WHERE job_execution_id = ?", String.class,
                cli.lastExecutionId());
    }

    @Test
    void twoWorkersAndTheRunShareItsPartitionsAndGiveTheCsvOfOneProcess() throws Exception {
        Path whole = dir.resolve("whole.csv");
        GemcapCli alone = new GemcapCli(dir.resolve("home-alone")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY);
        GemcapCli.Result one = alone.run(runArgs(whole).toArray(String[]::new));
        assertThat(one.exitCode()).as(one.err()).isZero();
        int callsAlone = emulator.calls();

        worker("worker-1");
        worker("worker-2");
        Path parted = dir.resolve("parted.csv");
        GemcapCli manager = cli("manager", GeminiEmulator.DEFAULT_KEY);
        GemcapCli.Result run = manager.run(runArgs(parted).toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(withoutTimings(parted)).hasSize(IMAGES).isEqualTo(withoutTimings(whole));
        assertThat(emulator.calls() - callsAlone).as("each image paid once").isEqualTo(IMAGES);
        assertThat(emulator.callsWith("worker-1")).as("worker 1 called").isPositive();
        assertThat(emulator.callsWith("worker-2")).as("worker 2 called").isPositive();
        assertThat(emulator.callsWith(GeminiEmulator.DEFAULT_KEY) - callsAlone).as("the run's own process called").isPositive();
        assertThat(holders(manager)).hasSize(6).doesNotContainNull();
        assertThat(holders(manager).stream().distinct()).as("partitions held by three processes").hasSize(3);
        assertThat(manager.jdbc().queryForList("SELECT property_value FROM gemcap_run_setting WHERE property = 'gemcap.limits.pool'", String.class))
                .as("workers pace in the run's quota pool, named for its key when none was set")
                .containsExactly(new io.gemcap.gemini.ApiKey(GeminiEmulator.DEFAULT_KEY).pool());
        GemcapCli.Result status = manager.run("status", String.valueOf(manager.lastExecutionId()));
        assertThat(status.out()).contains("split    6 partitions: 6 COMPLETED")
                .containsPattern("p000000 +COMPLETED +1-10 +10/10 rows +worker \\S+ pid \\d+");
        for (String worker : holders(manager)) {
            assertThat(status.out()).contains("worker " + worker);
        }
    }

    @Test
    void aKilledWorkersPartitionIsSentAgainAndTheRunEndsByItself() throws Exception {
        Process doomed = worker("worker-1");
        Path output = dir.resolve("captions.csv");
        GemcapCli manager = cli("manager", GeminiEmulator.DEFAULT_KEY).set("gemcap.job.local-work", "true");
        emulator.setLatency(Duration.ofSeconds(1));
        Process run = ChildJvm.start(manager, runArgs(output, 3), dir.resolve("run.log"));
        children.add(run);
        untilMidPartition(manager, "worker-1", doomed, run, 6);
        doomed.destroyForcibly().waitFor();
        int doomedCalls = emulator.callsWith("worker-1");

        assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("the run ends by itself").isTrue();
        assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.log")) + partitionsEnded(manager)).isZero();
        assertThat(Files.readString(dir.resolve("run.log"))).contains("has not been heard from");
        assertThat(CsvFiles.records(output).stream().map(r -> r.get("path")).toList()).hasSize(IMAGES).doesNotHaveDuplicates();
        int paidTwice = emulator.calls() - IMAGES;
        assertThat(paidTwice).as("killed after %d calls", doomedCalls).isBetween(0, CHUNK + 2 * CONCURRENCY);
    }

    @Test
    void aWorkerStoppedBySigtermFinishesItsCallsAndItsPartitionGoesOnElsewhereWithNothingPaidTwice() throws Exception {
        Process leaving = worker("worker-1");
        Path output = dir.resolve("captions.csv");
        GemcapCli manager = cli("manager", GeminiEmulator.DEFAULT_KEY);
        emulator.setLatency(Duration.ofSeconds(1));
        Process run = ChildJvm.start(manager, runArgs(output, 3), dir.resolve("run.log"));
        children.add(run);
        untilMidPartition(manager, "worker-1", leaving, run, 6);

        new ProcessBuilder("kill", "-TERM", String.valueOf(leaving.pid())).start().waitFor();

        assertThat(leaving.waitFor(60, TimeUnit.SECONDS)).as("the worker leaves once its calls are done").isTrue();
        assertThat(leaving.exitValue()).isZero();
        assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("the run ends by itself").isTrue();
        assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.log")) + partitionsEnded(manager)).isZero();
        assertThat(Files.readString(dir.resolve("run.log"))).contains("was handed back by");
        assertThat(CsvFiles.records(output).stream().map(r -> r.get("path")).toList()).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(emulator.calls()).as("the calls in flight were answered and kept: nothing paid twice").isEqualTo(IMAGES);
    }

    @Test
    void aWorkerPausedPastTheSilenceAllowedWritesNothingWhenItWakes() throws Exception {
        Process paused = worker("worker-1", "3m");
        Path output = dir.resolve("captions.csv");
        GemcapCli manager = cli("manager", GeminiEmulator.DEFAULT_KEY);
        emulator.setLatency(Duration.ofSeconds(1));
        // (two partitions: once the run has taken the paused worker's back, none is left that the woken worker could take)
        Process run = ChildJvm.start(manager, runArgs(output, 2), dir.resolve("run.log"));
        children.add(run);
        untilMidPartition(manager, "worker-1", paused, run, 6);
        long pid = paused.pid();
        new ProcessBuilder("kill", "-STOP", String.valueOf(pid)).start().waitFor();
        // (a request the worker wrote just before it stopped still reaches the emulator: counted once the count holds)
        int callsAtPause = settledCallsWith("worker-1");
        String pausedWorker = "% pid " + pid;
        long lost = manager.jdbc().queryForObject("SELECT step_execution_id FROM gemcap_partition WHERE worker LIKE ?", Long.class, pausedWorker);
        // its partition goes to the run's own process once the worker has been silent too long
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("run.log")).contains("has not been heard from"));
        await().atMost(Duration.ofSeconds(60)).until(() -> manager.jdbc().queryForObject("SELECT COUNT(*) FROM gemcap_partition WHERE"
                + " step_execution_id = ? AND worker IS NOT NULL AND worker NOT LIKE ?", Long.class, lost, pausedWorker) == 1);
        new ProcessBuilder("kill", "-CONT", String.valueOf(pid)).start().waitFor();

        assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("the run ends by itself").isTrue();
        assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.log")) + partitionsEnded(manager)).isZero();
        assertThat(emulator.callsWith("worker-1")).as("the woken worker sends nothing more").isEqualTo(callsAtPause);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(dir.resolve("worker-1.log")).contains("sent to another worker"));
        assertThat(CsvFiles.records(output).stream().map(r -> r.get("path")).toList()).hasSize(IMAGES).doesNotHaveDuplicates();

        // and the woken worker works on as any other: it takes the next run's partitions and completes them
        Path next = dir.resolve("next.csv");
        List<String> args = new ArrayList<>(runArgs(next, 2));
        // (--force: the images' answers are in the ledger now, and would be served from it without a call)
        args.addAll(List.of("--no-local-work", "--force"));
        GemcapCli.Result nextRun = cli("next", GeminiEmulator.DEFAULT_KEY).run(args.toArray(String[]::new));
        assertThat(nextRun.exitCode()).as(nextRun.err()).isZero();
        assertThat(emulator.callsWith("worker-1")).isEqualTo(callsAtPause + IMAGES);
    }

    @Test
    void aWorkerThatCannotReadTheInputFailsItsPartitionsAndWritesNoRow() throws Exception {
        // the worker runs without root's power to read any file, and the input is readable by its owner alone
        Path log = dir.resolve("worker-1.log");
        Process blind = ChildJvm.startBoundByPermissions(cli("worker-1", "worker-1"), List.of("worker", "--exit-when-idle", "3m"), log);
        children.add(blind);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log) && Files.readString(log).contains("waiting for partitions"));
        Files.setPosixFilePermissions(input, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        new ProcessBuilder("chown", "-R", "nobody", input.toString()).start().waitFor();
        GemcapCli manager = cli("manager", GeminiEmulator.DEFAULT_KEY);

        List<String> args = new ArrayList<>(runArgs(dir.resolve("captions.csv")));
        args.add("--no-local-work");
        GemcapCli.Result run = manager.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isNotZero();
        assertThat(manager.jdbc().queryForObject("SELECT COUNT(*) FROM gemcap_result", Long.class)).isZero();
        assertThat(emulator.callsWith("worker-1")).isZero();
        assertThat(Files.readString(log)).contains("cannot read the input folder " + input);
    }

    @Test
    void aKilledRunIsCompletedByTheSameCommandWhileWorkersGoOn() throws Exception {
        worker("worker-1");
        Path output = dir.resolve("captions.csv");
        GemcapCli manager = cli("manager", GeminiEmulator.DEFAULT_KEY);
        Process run = ChildJvm.start(manager, runArgs(output), dir.resolve("run.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= 25 || !run.isAlive());
        run.destroyForcibly().waitFor();
        long killed = manager.lastExecutionId();
        List<String> completedAtKill = manager.jdbc().queryForList("SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                + " AND STEP_NAME LIKE 'captionPartition:%' AND STATUS = 'COMPLETED'", String.class, killed);

        GemcapCli.Result resumed = manager.run(runArgs(output).toArray(String[]::new));

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output).stream().map(r -> r.get("path")).toList()).hasSize(IMAGES).doesNotHaveDuplicates();
        List<String> rerun = manager.jdbc().queryForList("SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                + " AND STEP_NAME LIKE 'captionPartition:%'", String.class, manager.lastExecutionId());
        assertThat(rerun).as("finished partitions stay finished").doesNotContainAnyElementsOf(completedAtKill);
    }

    @Test
    void aWorkerPushesItsCallsUnderItsHostTheJobsGroupCarriesTheRunsTotalsAndTheWorkersGroupGoesWithIt() throws Exception {
        try (PushgatewayServer gateway = PushgatewayServer.start()) {
            Process worker = worker("worker-1", "3m");
            Path output = dir.resolve("captions.csv");
            // (the worker pushes every 2 s, as the run's settings say: several times while it works)
            GemcapCli manager = cli("manager", GeminiEmulator.DEFAULT_KEY).set("gemcap.metrics.push-every", "2s");
            emulator.setLatency(Duration.ofSeconds(1));
            List<String> args = new ArrayList<>(runArgs(output, 3));
            args.addAll(List.of("--push-gateway", gateway.url(), "--metrics-job", "nightly-workers"));
            Process run = ChildJvm.start(manager, args, dir.resolve("run.log"));
            children.add(run);
            String workersGroup = "instance=\"" + RunOwner.host() + "\"";

            // while the run goes on, the gateway carries the worker's calls in a group of the job's under the worker's host
            await().atMost(Duration.ofSeconds(90)).until(() -> !run.isAlive() || callsIn(gateway.metrics(), workersGroup) > 0);
            assertThat(run.isAlive()).as("the worker's calls were pushed while the run went on").isTrue();
            assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("the run ends by itself").isTrue();
            assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.log")) + partitionsEnded(manager)).isZero();
            assertThat(emulator.callsWith("worker-1")).as("the worker called").isPositive();
            assertThat(emulator.callsWith(GeminiEmulator.DEFAULT_KEY)).as("the run's own process called").isPositive();
            // the worker's group says its calls, each labelled with the job; the run's group, the run's own
            await().atMost(Duration.ofSeconds(30)).until(() -> callsIn(gateway.metrics(), workersGroup) == emulator.callsWith("worker-1"));
            String pushed = gateway.metrics();
            assertThat(callsIn(pushed, "instance=\"\"")).isEqualTo(emulator.callsWith(GeminiEmulator.DEFAULT_KEY));
            assertThat(gemcapSeries(pushed).filter(series -> series.contains(workersGroup))).isNotEmpty()
                    .allMatch(series -> series.contains("gemcap_job=\"nightly-workers\"") && series.contains(",job=\"nightly-workers\""));
            // the job's group carries the run's totals, the worker's rows among them: run.json's
            JsonNode summary = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
            Map<String, Long> images = new java.util.TreeMap<>();
            samples(pushed, "gemcap_images", "instance=\"\"").forEach((series, value) -> {
                if (value > 0) {
                    images.merge(label(series, "status"), value.longValue(), Long::sum);
                }
            });
            Map<String, Long> counts = new java.util.TreeMap<>();
            summary.get("counts").fields().forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
            assertThat(images).isEqualTo(counts).containsEntry("ok", (long) IMAGES);
            assertThat(samples(pushed, "gemcap_tokens", "kind=\"input\"").values()).as("one series: the job's group's")
                    .containsExactly(summary.get("tokens").get("prompt").asDouble());
            assertThat(samples(pushed, "gemcap_tokens", "kind=\"output\"").values())
                    .containsExactly(summary.get("tokens").get("output").asDouble());
            assertThat(samples(pushed, "gemcap_cost_usd", "").values()).singleElement()
                    .isEqualTo(summary.get("costUsd").asDouble());
            // and no label of gemcap's holds a partition's name or a path
            assertThat(gemcapSeries(pushed)).isNotEmpty().noneMatch(series -> series.contains(":p0") || series.contains(dir.toString())
                    || series.contains("=\"/"));

            new ProcessBuilder("kill", "-TERM", String.valueOf(worker.pid())).start().waitFor();

            assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker leaves").isTrue();
            assertThat(worker.exitValue()).isZero();
            String left = gateway.metrics();
            assertThat(gemcapSeries(left)).as("the worker's group is deleted as it leaves").isNotEmpty()
                    .noneMatch(series -> series.contains(workersGroup));
            assertThat(left).doesNotContain(workersGroup);
            assertThat(samples(left, "gemcap_cost_usd", "instance=\"\"").values()).as("the job's totals stay")
                    .containsExactly(summary.get("costUsd").asDouble());
        }
    }

    /** The series of gemcap's a Prometheus text holds (Spring Batch's and resilience4j's among them), with their labels. */
    private static java.util.stream.Stream<String> gemcapSeries(String text) {
        return PrometheusText.samples(text).keySet().stream().filter(series -> series.contains("gemcap_job="));
    }

    /** The calls a group of the gateway's says its process made, whatever their outcome. */
    private static long callsIn(String text, String group) {
        return Math.round(samples(text, "gemcap_gemini_calls_total", group).values().stream().mapToDouble(Double::doubleValue).sum());
    }
}
