package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs of one Google project in processes of their own, sharing its quota through the job database: a real quota
 * (the emulator's, per sliding minute) far below the configured one, with gemcap's default settings; and one job over a run
 * and two {@code worker} processes of one pool, each with its own key of the project, configured with the real quota.
 */
class QuotaPoolFunctionalTests {

    private static final int REAL_QUOTA = 120;
    private static final int IMAGES_PER_JOB = Integer.getInteger("test.imagesPerJob", 200);
    /** Images of the job spread over a run and two workers: about a minute and a quarter of the quota. */
    private static final int IMAGES_OVER_WORKERS = Integer.getInteger("test.imagesOverWorkers", 150);
    private static final List<String> WORKER_KEYS = List.of("worker-1", "worker-2");

    @TempDir
    Path dir;

    private GeminiEmulator emulator;
    private GemcapCli cli;
    private final List<Process> children = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        // one project: its quota counts the calls of all its keys
        emulator = GeminiEmulator.builder().latency(Duration.ofMillis(150)).apiKey(WORKER_KEYS.get(0)).apiKey(WORKER_KEYS.get(1))
                .build().start();
        emulator.faults().quota(REAL_QUOTA, Duration.ofMinutes(1));
        cli = withDefaults(new GemcapCli(dir.resolve("db")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY))
                .set("gemcap.limits.rpm", "4000");
    }

    /** The defaults of config/application.yml, where GemcapCli makes them short for tests. */
    private static GemcapCli withDefaults(GemcapCli cli) {
        return cli.set("gemcap.limits.tpm", "4000000").set("gemcap.limits.concurrency", "0")
                .set("gemcap.job.chunk-size", "20").set("gemcap.retry.initial-backoff", "1s").set("gemcap.retry.max-backoff", "30s")
                .set("gemcap.breaker.window", "10").set("gemcap.breaker.open-wait", "30s").set("gemcap.breaker.patience", "10m")
                .set("logging.level.io.gemcap.policy", "DEBUG");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor();
        }
        emulator.close();
    }

    private List<String> job(String name, int firstImage, int images) {
        Path input = dir.resolve(name);
        for (int i = firstImage; i < firstImage + images; i++) {
            TestImages.write(input.resolve("img" + i + ".png"), TestImages.png(16, 16, i));
        }
        return List.of("run", "--input", input.toString(), "--output", dir.resolve(name + ".csv").toString(), "--endpoint",
                emulator.baseUrl());
    }

    @Test
    void twoJobsOnOnePoolLearnItsRealQuotaTogetherAndTheNextRunStartsFromIt() throws Exception {
        // given two jobs on one key and one job database, started together (the test holds the database open, so
        // that neither job serves it to the other: see issue 20, item 5)
        List<String> first = job("archive", 0, IMAGES_PER_JOB);
        List<String> second = job("feed", 10_000, IMAGES_PER_JOB);
        try (Connection held = DriverManager.getConnection(cli.jdbcUrl(), "sa", "")) {
            Process a = ChildJvm.start(cli, first, dir.resolve("archive.log"));
            Process b = ChildJvm.start(cli, second, dir.resolve("feed.log"));

            // when both run to their end
            assertThat(a.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(b.waitFor(10, TimeUnit.MINUTES)).isTrue();
            Files.copy(dir.resolve("archive.log"), Path.of(System.getProperty("java.io.tmpdir"), "quota-pool-archive.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(a.exitValue()).as(Files.readString(dir.resolve("archive.log"))).isZero();
            assertThat(b.exitValue()).as(Files.readString(dir.resolve("feed.log"))).isZero();
            assertThat(CsvFiles.records(dir.resolve("archive.csv"))).hasSize(IMAGES_PER_JOB);
            assertThat(CsvFiles.records(dir.resolve("feed.csv"))).hasSize(IMAGES_PER_JOB);

            // then after the first minute under 10 % of their calls were 429s, and they used at least 0.9 of the quota
            Calls together = Calls.of(emulator.events(), Duration.ofMinutes(1), Long.MAX_VALUE);
            System.out.println("timeline (10 s: answered/429): " + timeline(emulator.events()));
            System.out.println("two jobs after their first minute: " + together);
            assertThat(together.rateLimitedShare()).isLessThan(0.10);
            assertThat(together.answeredPerMinute()).isGreaterThanOrEqualTo(0.9 * REAL_QUOTA);

            // and the next run on the pool starts from the learnt rate: no first minute of 429s, the quota used from its start
            long before = System.nanoTime();
            GemcapCli.Result next = cli.run(job("tomorrow", 20_000, 100).toArray(String[]::new));
            assertThat(next.exitCode()).as(next.err()).isZero();
            Calls nextRun = Calls.of(emulator.events().stream().filter(e -> e.arrivedNanos() >= before).toList(), Duration.ZERO,
                    Long.MAX_VALUE);
            System.out.println("the next run: " + nextRun);
            assertThat(nextRun.rateLimitedShare()).isLessThan(0.05);
            assertThat(nextRun.answeredPerMinute()).isGreaterThanOrEqualTo(0.9 * REAL_QUOTA);
        }
    }

    @Test
    void aRunAndTwoWorkersOfOnePoolKeepToTheQuotaTheyAreGivenAndUseIt() throws Exception {
        // given the job database on PostgreSQL, and a run with --partitions 6 configured with the project's real quota
        // (--rpm 120) and two workers, each with its own key of the project, all three with the pool named for the project:
        // together they could make far more calls (150 ms each, as many at once as the pace asks for)
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Path input = dir.resolve("photos");
            for (int i = 0; i < IMAGES_OVER_WORKERS; i++) {
                TestImages.write(input.resolve("d" + i % 3 + "/img" + i + ".png"), TestImages.png(16, 16, i));
            }
            List<Process> workers = new java.util.ArrayList<>();
            for (String key : WORKER_KEYS) {
                workers.add(ChildJvm.start(poolMember(postgres, key), List.of("worker", "--exit-when-idle", "2m"),
                        dir.resolve(key + ".log")));
            }
            Path output = dir.resolve("captions.csv");
            Process run = ChildJvm.start(withDefaults(poolMember(postgres, GeminiEmulator.DEFAULT_KEY)), List.of("run", "--input",
                    input.toString(), "--output", output.toString(), "--endpoint", emulator.baseUrl(), "--rpm", String.valueOf(REAL_QUOTA),
                    "--partitions", "6", "--no-report"), dir.resolve("run.log"));
            children.addAll(workers);
            children.add(run);

            // when the run ends
            List<String> keys = List.of(GeminiEmulator.DEFAULT_KEY, WORKER_KEYS.get(0), WORKER_KEYS.get(1));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> keys.stream().allMatch(key -> emulator.callsWith(key) > 0) || !run.isAlive());
            long allCalling = System.nanoTime();
            assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.log"))).isZero();
            for (Process worker : workers) {
                worker.destroy();
                assertThat(worker.waitFor(1, TimeUnit.MINUTES)).isTrue();
            }
            assertThat(CsvFiles.records(output)).hasSize(IMAGES_OVER_WORKERS);
            for (String key : WORKER_KEYS) {
                assertThat(emulator.callsWith(key)).as("calls with %s: %s", key, Files.readString(dir.resolve(key + ".log")))
                        .isPositive();
            }
            assertThat(emulator.callsWith(GeminiEmulator.DEFAULT_KEY)).as("calls of the run's own process").isPositive();

            // then under 2 % of their calls were 429s, and they used at least 0.85 of the quota from the moment all three
            // called (a worker first starts the run's captioner: seconds of start-up on a loaded machine) to their last call
            List<GeminiEmulator.CallEvent> events = emulator.events();
            Calls together = Calls.of(events, Duration.ZERO, Long.MAX_VALUE);
            Calls allThree = Calls.of(events.stream().filter(e -> e.arrivedNanos() >= allCalling).toList(), Duration.ZERO,
                    Long.MAX_VALUE);
            System.out.println("timeline (10 s: answered/429): " + timeline(events));
            System.out.println("a run and two workers of one pool: " + together + "; once all three called: " + allThree + "; calls by key: "
                    + keys.stream().map(key -> key + " " + emulator.callsWith(key)).toList());
            assertThat(together.rateLimitedShare()).isLessThan(0.02);
            assertThat(allThree.answeredPerMinute()).isGreaterThanOrEqualTo(0.85 * REAL_QUOTA);
        }
    }

    /**
     * A process of the pool on the PostgreSQL job database, with its own key of the project and the pool's name, as a user
     * starts one: a worker takes everything else (endpoint, quota, chunks) from the run's settings in the job database.
     */
    private GemcapCli poolMember(EmbeddedPostgres postgres, String key) {
        return new GemcapCli(dir.resolve("home-" + key)).env("GEMINI_API_KEY", key).env("GEMCAP_LIMITS_POOL", "the-project")
                .set("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres")).set("spring.datasource.username", "postgres")
                .set("logging.level.io.gemcap", "INFO");
    }

    private static String timeline(List<GeminiEmulator.CallEvent> events) {
        long start = events.stream().mapToLong(GeminiEmulator.CallEvent::arrivedNanos).min().orElseThrow();
        java.util.TreeMap<Long, long[]> buckets = new java.util.TreeMap<>();
        for (GeminiEmulator.CallEvent event : events) {
            long[] counts = buckets.computeIfAbsent((event.arrivedNanos() - start) / 10_000_000_000L, k -> new long[2]);
            counts[event.status() == 200 ? 0 : 1]++;
        }
        StringBuilder text = new StringBuilder();
        buckets.forEach((bucket, counts) -> text.append(bucket * 10).append("s:").append(counts[0]).append('/').append(counts[1]).append(' '));
        return text.toString();
    }

    /** Calls the emulator saw from {@code skipped} after the first on. */
    private record Calls(long answered, long rateLimited, double minutes) {

        static Calls of(List<GeminiEmulator.CallEvent> events, Duration skipped, long until) {
            long start = events.stream().mapToLong(GeminiEmulator.CallEvent::arrivedNanos).min().orElseThrow() + skipped.toNanos();
            List<GeminiEmulator.CallEvent> counted = events.stream().filter(e -> e.arrivedNanos() >= start && e.arrivedNanos() < until).toList();
            long answered = counted.stream().filter(e -> e.status() == 200).count();
            long limited = counted.stream().filter(e -> e.status() == 429).count();
            long last = counted.stream().filter(e -> e.status() == 200).mapToLong(GeminiEmulator.CallEvent::arrivedNanos).max().orElse(start);
            return new Calls(answered, limited, (last - start) / 60e9);
        }

        double rateLimitedShare() {
            return (double) rateLimited / Math.max(1, answered + rateLimited);
        }

        double answeredPerMinute() {
            return answered / minutes;
        }
    }
}
