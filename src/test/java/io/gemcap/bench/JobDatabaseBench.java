package io.gemcap.bench;

import io.gemcap.cli.GemcapMain;
import io.gemcap.jobdb.H2FileUrl;
import io.gemcap.jobdb.ServerLaunch;
import io.gemcap.jobdb.SharedH2;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.GemcapCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How gemcap processes can share one H2 job database file, measured: the start-up of a {@code jobs} command, the commit
 * of a chunk-sized transaction, and what a client sees when the process serving the file goes away. Prints figures,
 * asserts nothing. Run with {@code bench/job-database}; {@code -Dbench.before=CLASSPATH} adds {@code jobs} start-ups of
 * another build (an earlier release, which opens the file itself with AUTO_SERVER).
 */
public final class JobDatabaseBench {

    private static final int STARTS = Integer.getInteger("bench.starts", 5);
    private static final int COMMITS = Integer.getInteger("bench.commits", 300);
    private static final int ROWS = 20;

    private JobDatabaseBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gemcap-job-database-bench");
        System.out.printf(Locale.ROOT, "job database benchmark: %d available cores, load average %.1f%n",
                Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        if (STARTS > 0) {
            startUps(dir);
        }
        if (COMMITS > 0) {
            commits(dir);
        }
        comingAndGoing(dir);
    }

    /**
     * `jobs` in a JVM of its own, as a person or cron runs it: wall time and the CPU time of its process (user and
     * system, from /usr/bin/time), the latter being what a loaded machine changes least.
     */
    private static void startUps(Path dir) throws Exception {
        GemcapCli cold = new GemcapCli(dir.resolve("cold")).set("gemcap.job-database.server-idle", "0s");
        GemcapCli warm = new GemcapCli(dir.resolve("warm")).set("gemcap.job-database.server-idle", "600s");
        jobs(warm, dir);
        List<double[]> coldRuns = new ArrayList<>();
        List<double[]> warmRuns = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            awaitGone(dir.resolve("cold/jobs.lock.db"));
            coldRuns.add(jobs(cold, dir));
            warmRuns.add(jobs(warm, dir));
        }
        System.out.printf(Locale.ROOT, "`jobs`, median of %d: %s starting the server process; %s with the server up%n", STARTS,
                shown(coldRuns), shown(warmRuns));
        String before = System.getProperty("bench.before");
        if (before != null) {
            List<double[]> beforeRuns = new ArrayList<>();
            for (int i = 0; i < STARTS; i++) {
                beforeRuns.add(jobsOf(before, dir.resolve("before-" + i), dir));
            }
            System.out.printf(Locale.ROOT, "`jobs` of the build at bench.before (opens the file itself, AUTO_SERVER), median of %d:"
                    + " %s%n", STARTS, shown(beforeRuns));
        }
    }

    private static String shown(List<double[]> runs) {
        List<Double> wall = new ArrayList<>(runs.stream().map(run -> run[0]).toList());
        List<Double> cpu = new ArrayList<>(runs.stream().map(run -> run[1]).toList());
        wall.sort(null);
        cpu.sort(null);
        return String.format(Locale.ROOT, "%.2f s wall, %.2f s CPU", wall.get(wall.size() / 2), cpu.get(cpu.size() / 2));
    }

    private static final List<String> TIMED = List.of("/usr/bin/time", "-f", "gemcap-bench-time %e %U %S");

    /** Wall and CPU seconds of one `jobs`. */
    private static double[] jobs(GemcapCli cli, Path dir) throws Exception {
        Path log = dir.resolve("jobs.log");
        Process jobs = ChildJvm.start(TIMED, cli, List.of("jobs"), log);
        if (jobs.waitFor() != 0) {
            throw new IllegalStateException("jobs failed: " + Files.readString(log));
        }
        return timeOf(log);
    }

    private static double[] jobsOf(String classPath, Path home, Path dir) throws Exception {
        Path log = dir.resolve("jobs-before.log");
        List<String> command = new ArrayList<>(TIMED);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "-Dspring.datasource.url=jdbc:h2:file:" + home.resolve("jobs") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0",
                "-Dlogging.level.io.gemcap=WARN", GemcapMain.class.getName(), "jobs"));
        Process jobs = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (jobs.waitFor() != 0) {
            throw new IllegalStateException("jobs of bench.before failed: " + Files.readString(log));
        }
        return timeOf(log);
    }

    private static double[] timeOf(Path log) throws java.io.IOException {
        String line = Files.readAllLines(log).stream().filter(l -> l.startsWith("gemcap-bench-time ")).findFirst().orElseThrow();
        String[] figures = line.split(" ");
        return new double[] {Double.parseDouble(figures[1]), Double.parseDouble(figures[2]) + Double.parseDouble(figures[3])};
    }

    private static void awaitGone(Path lockFile) throws InterruptedException {
        while (Files.exists(lockFile)) {
            Thread.sleep(100);
        }
    }

    /** A chunk's commit: its rows inserted and the step's row updated, in one transaction. */
    private static void commits(Path dir) throws Exception {
        ServerLaunch launch = ServerLaunch.thisJvm(GemcapMain.class.getName(), "serve-job-database");
        String shared = "jdbc:h2:file:" + dir.resolve("shared/jobs");
        SharedH2 server = new SharedH2(H2FileUrl.parse(shared).orElseThrow(), "sa", "", Duration.ofSeconds(5), launch.command());
        report("embedded, WRITE_DELAY=0 (0.1's first process)", commitMillis(() -> open("jdbc:h2:file:" + dir.resolve("e0/jobs")
                + ";WRITE_DELAY=0")));
        report("embedded, H2's default WRITE_DELAY (500 ms)", commitMillis(() -> open("jdbc:h2:file:" + dir.resolve("e500/jobs"))));
        report("over TCP to gemcap's server process, WRITE_DELAY=0", commitMillis(() -> {
            try {
                return server.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static void report(String how, List<Double> millis) {
        millis.sort(null);
        System.out.printf(Locale.ROOT, "commit of a %d-row chunk, %s: median %.2f ms, p95 %.2f ms (%d commits)%n", ROWS, how,
                millis.get(millis.size() / 2), millis.get(millis.size() * 95 / 100), millis.size());
    }

    private static Connection open(String url) {
        try {
            return DriverManager.getConnection(url, "sa", "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Double> commitMillis(Supplier<Connection> connections) throws SQLException {
        try (Connection connection = connections.get()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS bench_result (id BIGINT PRIMARY KEY, path VARCHAR(1000), sha256 CHAR(64),"
                        + " status VARCHAR(20), caption VARCHAR(4000), input_tokens INT, output_tokens INT, cost_usd DECIMAL(12, 8))");
                ddl.execute("CREATE TABLE IF NOT EXISTS bench_step (id INT PRIMARY KEY, commits BIGINT)");
                ddl.execute("MERGE INTO bench_step KEY (id) VALUES (1, 0)");
            }
            connection.setAutoCommit(false);
            List<Double> millis = new ArrayList<>();
            long id = 0;
            for (int commit = 0; commit < COMMITS + 20; commit++) {
                long started = System.nanoTime();
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_result VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                        PreparedStatement step = connection.prepareStatement("UPDATE bench_step SET commits = commits + 1 WHERE id = 1")) {
                    for (int row = 0; row < ROWS; row++) {
                        insert.setLong(1, ++id);
                        insert.setString(2, "archive/2026/12/img" + id + ".jpg");
                        insert.setString(3, "%064d".formatted(id));
                        insert.setString(4, "ok");
                        insert.setString(5, "A red-brick lighthouse stands on a rocky shore under a grey sky while waves break below it.");
                        insert.setInt(6, 258);
                        insert.setInt(7, 24);
                        insert.setBigDecimal(8, new java.math.BigDecimal("0.0000354"));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    step.executeUpdate();
                }
                connection.commit();
                if (commit >= 20) {
                    millis.add((System.nanoTime() - started) / 1e6);
                }
            }
            return millis;
        }
    }

    /** What a client sees when the process serving the file is killed, for each way of sharing it. */
    private static void comingAndGoing(Path dir) throws Exception {
        ServerLaunch launch = ServerLaunch.thisJvm(GemcapMain.class.getName(), "serve-job-database");
        for (boolean reconnect : new boolean[] {false, true}) {
            // the server process opens the file with AUTO_SERVER, as the first 0.1 process did: a stand-in for it
            Path database = dir.resolve("auto" + reconnect + "/jobs");
            SharedH2 host = new SharedH2(H2FileUrl.parse("jdbc:h2:file:" + database).orElseThrow(), "sa", "", Duration.ofSeconds(60),
                    launch.command());
            host.getConnection().close();
            Connection client = open("jdbc:h2:file:" + database + ";AUTO_SERVER=TRUE" + (reconnect ? ";AUTO_RECONNECT=TRUE" : ""));
            client.setAutoCommit(false);
            client.createStatement().execute("CREATE TABLE t (id INT)");
            client.createStatement().execute("INSERT INTO t VALUES (1)");
            killServerOf(database);
            String commit = outcome(client::commit);
            long started = System.nanoTime();
            String next = outcome(() -> {
                client.setAutoCommit(true);
                client.createStatement().executeQuery("SELECT COUNT(*) FROM t").next();
            });
            System.out.printf(Locale.ROOT, "AUTO_SERVER%s, the serving process killed in a client's transaction: its commit %s; its"
                    + " next statement %s (%d ms)%n", reconnect ? "+AUTO_RECONNECT" : "", commit, next,
                    (System.nanoTime() - started) / 1_000_000);
            outcome(client::close);
        }
        Path database = dir.resolve("server/jobs");
        SharedH2 shared = new SharedH2(H2FileUrl.parse("jdbc:h2:file:" + database).orElseThrow(), "sa", "", Duration.ofSeconds(60),
                launch.command());
        try (Connection client = shared.getConnection()) {
            client.setAutoCommit(false);
            client.createStatement().execute("CREATE TABLE t (id INT)");
            client.commit();
            client.createStatement().execute("INSERT INTO t VALUES (1)");
            killServerOf(database);
            String commit = outcome(client::commit);
            long started = System.nanoTime();
            try (Connection again = shared.getConnection()) {
                again.createStatement().executeQuery("SELECT COUNT(*) FROM t").next();
            }
            System.out.printf(Locale.ROOT, "gemcap's server process: a client process killed changes nothing for the others; the"
                    + " server itself killed in a transaction: its commit %s; the next connection started a new server and"
                    + " answered in %d ms%n", commit, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static String outcome(Step step) {
        try {
            step.run();
            return "succeeded";
        } catch (Exception e) {
            return "failed (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll(" \\[\\d+-\\d+]$", "") + ")";
        }
    }

    private static void killServerOf(Path database) throws Exception {
        String path = database.toAbsolutePath().toString();
        ProcessHandle server = ProcessHandle.allProcesses().filter(p -> {
            try {
                String line = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")));
                return line.contains("serve-job-database") && line.contains(path + ";");
            } catch (java.io.IOException gone) {
                return false;
            }
        }).findFirst().orElseThrow();
        server.destroyForcibly();
        server.onExit().get();
    }

}
