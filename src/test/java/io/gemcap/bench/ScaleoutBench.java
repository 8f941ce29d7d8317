package io.gemcap.bench;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One job over {@code worker} processes on this machine: camera photos through {@code run --partitions 6 --no-local-work} on a
 * PostgreSQL job database (embedded, a fresh database per run), with 1, 2 and 3 workers of one preparing thread each
 * ({@code worker --threads 1}, and the run's {@code --concurrency 1}, which workers take from the job database: the
 * preparation runs on the call threads), against the zero-latency emulator in a process of its own with no quota. Prints
 * photos per second side by side, the workers' CPU per photo, and the job database's statements per photo, split between the
 * run's process and the workers (pg_stat_statements, by database role). Asserts nothing. Run with {@code bench/scaleout}.
 */
public final class ScaleoutBench {

    /** Camera photos per run: the 4000x3000 JPEGs of {@link TokensBench}, a ninth with orientation 6. */
    private static final int PHOTOS = Integer.getInteger("bench.photos", 90);
    /** Rounds of 1, 2 and 3 workers, each starting one further on (1 2 3, 2 3 1, 3 1 2), after a warm-up run. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final int PARTITIONS = 6;
    private static final int[] WORKER_COUNTS = {1, 2, 3};
    /** The role workers connect as, so that pg_stat_statements tells their statements from the run's. */
    private static final String WORKER_ROLE = "gemcap_worker";

    private ScaleoutBench() {
    }

    public static void main(String[] args) throws Exception {
        for (String quiet : List.of("io.zonky", "org.flywaydb")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(quiet)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Path dir = Files.createTempDirectory("gemcap-scaleout-bench");
        Path photos = cameraPhotos(dir.resolve("photos"));
        System.out.printf(Locale.ROOT, "scaleout benchmark: %d camera photos (4000x3000 JPEG, a ninth with orientation 6), run --partitions %d"
                + " --no-local-work --concurrency 1 --rpm 0 --tpm 0 at the default detail, chunk 20, on PostgreSQL 14 (embedded, a"
                + " fresh database per run), with 1, 2 and 3 `worker --threads 1` processes (full JIT); zero-latency emulator in its own"
                + " process, no image checks; %d rounds after a warm-up run (%d cores)%n", PHOTOS, PARTITIONS, ROUNDS,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-7s %7s %11s %10s %10s %10s %14s %12s %12s %8s%n", "round", "workers", "partitions s", "photos/s",
                "caption s", "command s", "worker CPU ms", "stmts/photo", "run's/photo", "holders");
        Map<Integer, List<Run>> byCount = new TreeMap<>();
        Run last;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .start(); ExternalEmulator emulator = ExternalEmulator.start(dir.resolve("emulator.log"))) {
            JdbcTemplate admin = new JdbcTemplate(postgres.getPostgresDatabase());
            admin.execute("CREATE EXTENSION pg_stat_statements");
            admin.execute("CREATE ROLE " + WORKER_ROLE + " LOGIN SUPERUSER");
            last = run(postgres, emulator, photos, dir.resolve("warm-up"), 1);
            print("warm-up", last);
            for (int round = 1; round <= ROUNDS; round++) {
                for (int i = 0; i < WORKER_COUNTS.length; i++) {
                    int workers = WORKER_COUNTS[(round - 1 + i) % WORKER_COUNTS.length];
                    Run run = run(postgres, emulator, photos, dir.resolve("run-" + round + "-" + workers), workers);
                    byCount.computeIfAbsent(workers, count -> new ArrayList<>()).add(run);
                    last = run;
                    print(String.valueOf(round), run);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-8s %18s %18s %14s %12s %12s %16s%n", "workers", "photos/s (median)", "photos/s (each)",
                "worker CPU ms", "stmts/photo", "run's/photo", "ratio to 1");
        List<Run> single = byCount.get(1);
        for (var count : byCount.entrySet()) {
            List<Run> runs = count.getValue();
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                ratios.add(runs.get(i).photosPerSecond() / single.get(i).photosPerSecond());
            }
            System.out.printf(Locale.ROOT, "%-8d %18.2f %18s %14.1f %12.1f %12.1f %16.2f%n", count.getKey(),
                    median(runs.stream().map(Run::photosPerSecond).toList()),
                    String.join(" ", runs.stream().map(run -> String.format(Locale.ROOT, "%.2f", run.photosPerSecond())).toList()),
                    median(runs.stream().map(Run::workerCpuMsPerPhoto).toList()),
                    median(runs.stream().map(run -> (double) run.statements() / run.photos()).toList()),
                    median(runs.stream().map(run -> (double) run.runStatements() / run.photos()).toList()), median(ratios));
        }
        System.out.println("photos/s: photos over the partitions' span (the first partition's start on a worker to the last one's"
                + " end); caption s: the caption step, from sending the partitions to the last one's end, which includes each worker"
                + " starting the run's captioner from its settings in the job database (once per run); command s: the whole run"
                + " command in this JVM, the workers already waiting; worker CPU: the worker processes' CPU over the run command"
                + " (their own start-up excluded, the run's captioner's included), per photo; stmts: statements the job database"
                + " executed in this run's database, by every process, over the same time (pg_stat_statements calls, BEGIN excluded,"
                + " COMMIT included; a JDBC batch counts each statement though it goes in one round trip), per photo; run's: those of"
                + " the run's own process; holders: processes that held a partition; ratio: the median of each round's photos/s"
                + " against the same round's 1 worker");
        Run shown = last;
        System.out.printf(Locale.ROOT, "statements by kind in the last run (%d workers), per photo:%n", shown.workers());
        shown.byKind().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12).forEach(kind ->
                System.out.printf(Locale.ROOT, "  %6.2f  %s%n", kind.getValue() / (double) shown.photos(), kind.getKey()));
    }

    /** One run's figures; its statements by {@link #kind}. */
    private record Run(int workers, int photos, double captionSeconds, double partitionSeconds, double commandSeconds,
            double workerCpuSeconds,
            long statements, long runStatements, int holders, Map<String, Long> byKind) {

        /** Photos over the partitions' span: the first to start to the last to end. */
        double photosPerSecond() {
            return photos / partitionSeconds;
        }

        double workerCpuMsPerPhoto() {
            return 1000 * workerCpuSeconds / photos;
        }
    }

    private static Run run(EmbeddedPostgres postgres, ExternalEmulator emulator, Path photos, Path home, int workers) throws Exception {
        String database = "scaleout_" + home.getFileName().toString().replace('-', '_');
        JdbcTemplate admin = new JdbcTemplate(postgres.getPostgresDatabase());
        admin.execute("CREATE DATABASE " + database);
        Flyway.configure().dataSource(postgres.getDatabase("postgres", database)).locations("classpath:db/migration")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        // getJdbcUrl names the user in the URL, where it would win over each process's own
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
        List<Process> started = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 1; i <= workers; i++) {
                GemcapCli worker = new GemcapCli(home.resolve("worker-" + i)).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                        .set("spring.datasource.url", url).set("spring.datasource.username", WORKER_ROLE)
                        .set("logging.level.io.gemcap", "INFO").childJvm("-XX:TieredStopAtLevel=4");
                Path log = home.resolve("worker-" + i + ".log");
                Files.createDirectories(home);
                started.add(ChildJvm.start(worker, List.of("worker", "--threads", "1", "--exit-when-idle", "2m"), log));
                logs.add(log);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            for (Path log : logs) {
                while (!(Files.exists(log) && Files.readString(log).contains("waiting for partitions"))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("a worker did not start: see " + log);
                    }
                    Thread.sleep(100);
                }
            }
            double cpuBefore = cpuSeconds(started);
            GemcapCli cli = new GemcapCli(home.resolve("run")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                    .set("spring.datasource.url", url).set("spring.datasource.username", "postgres").set("gemcap.job.chunk-size", "20")
                    .set("logging.level.io.zonky", "WARN");
            Path output = home.resolve("captions.csv");
            long started0 = System.nanoTime();
            GemcapCli.Result result = cli.run("run", "--input", photos.toString(), "--output", output.toString(), "--endpoint",
                    emulator.baseUrl(), "--rpm", "0", "--tpm", "0", "--concurrency", "1", "--partitions", String.valueOf(PARTITIONS),
                    "--no-local-work");
            double commandSeconds = (System.nanoTime() - started0) / 1e9;
            double workerCpu = cpuSeconds(started) - cpuBefore;
            Map<String, Long> byRole = new TreeMap<>();
            Map<String, Long> byKind = new TreeMap<>();
            admin.query("SELECT r.rolname, s.query, s.calls FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid"
                    + " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = ?)", row -> {
                String query = row.getString(2).strip();
                if (query.equalsIgnoreCase("BEGIN")) {
                    return;
                }
                byRole.merge(row.getString(1), row.getLong(3), Long::sum);
                byKind.merge(kind(query), row.getLong(3), Long::sum);
            }, database);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(workers + " workers: " + result.err());
            }
            int rows = CsvFiles.records(output).size();
            if (rows != PHOTOS) {
                throw new IllegalStateException(workers + " workers: " + rows + " rows");
            }
            JdbcTemplate jobs = cli.jdbc();
            double captionSeconds = jobs.queryForObject("SELECT START_TIME, END_TIME FROM BATCH_STEP_EXECUTION WHERE STEP_NAME ="
                    + " 'caption'", (row, n) -> Duration.between(row.getTimestamp(1).toInstant(), row.getTimestamp(2).toInstant())
                    .toNanos() / 1e9);
            double partitionSeconds = jobs.queryForObject("SELECT MIN(START_TIME), MAX(END_TIME) FROM BATCH_STEP_EXECUTION WHERE"
                    + " STEP_NAME LIKE 'captionPartition:%'", (row, n) -> Duration.between(row.getTimestamp(1).toInstant(),
                    row.getTimestamp(2).toInstant()).toNanos() / 1e9);
            int holders = jobs.queryForObject("SELECT COUNT(DISTINCT worker) FROM gemcap_partition", Integer.class);
            long statements = byRole.values().stream().mapToLong(Long::longValue).sum();
            return new Run(workers, rows, captionSeconds, partitionSeconds, commandSeconds, workerCpu, statements, byRole.getOrDefault("postgres", 0L),
                    holders, byKind);
        } finally {
            for (Process worker : started) {
                worker.destroy();
            }
            for (Process worker : started) {
                if (!worker.waitFor(1, TimeUnit.MINUTES)) {
                    worker.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static double cpuSeconds(List<Process> processes) {
        return processes.stream().mapToDouble(process -> process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9).sum();
    }

    /** A statement's kind: its first words up to the table it names. */
    private static String kind(String query) {
        String flat = query.replaceAll("\\s+", " ");
        java.util.regex.Matcher table = java.util.regex.Pattern.compile("(?i)\\b(?:FROM|INTO|UPDATE|JOIN)\\s+([A-Za-z_]+)").matcher(flat);
        String verb = flat.split(" ")[0].toUpperCase(Locale.ROOT);
        return table.find() ? verb + " " + table.group(1) : flat.length() > 60 ? flat.substring(0, 60) : flat;
    }

    private static void print(String round, Run run) {
        System.out.printf(Locale.ROOT, "%-7s %7d %11.2f %10.2f %10.2f %10.2f %14.1f %12.1f %12.1f %8d%n", round, run.workers(),
                run.partitionSeconds(), run.photosPerSecond(), run.captionSeconds(), run.commandSeconds(), run.workerCpuMsPerPhoto(),
                (double) run.statements() / run.photos(), (double) run.runStatements() / run.photos(), run.holders());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** {@link #PHOTOS} distinct camera photos, made on every core. */
    private static Path cameraPhotos(Path dir) throws Exception {
        Files.createDirectories(dir);
        ExecutorService makers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<?>> made = new ArrayList<>();
        for (int i = 0; i < PHOTOS; i++) {
            int seed = i;
            made.add(makers.submit(() -> {
                byte[] photo = TokensBench.photo(seed);
                TestImages.write(dir.resolve(String.format("photo%04d.jpg", seed)), seed % 9 == 4 ? TestImages.withOrientation(photo, 6) : photo);
                return null;
            }));
        }
        for (Future<?> photo : made) {
            photo.get();
        }
        makers.shutdown();
        return dir;
    }
}
