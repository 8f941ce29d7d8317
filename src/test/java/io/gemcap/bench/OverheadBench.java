package io.gemcap.bench;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.PushgatewayServer;
import io.gemcap.testing.TestImages;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * gemcap's own cost per image: the whole job against a zero-latency, unlimited emulator running in
 * its own process (so its CPU is not counted), after a warm-up run. Prints images per second and
 * this process's CPU milliseconds per image; asserts nothing. Run with {@code bench/overhead}.
 *
 * <p>With {@code -Dbench.metrics=both}, runs without metrics and with them ({@code --metrics-file} and
 * {@code --push-gateway} to Debian's Pushgateway on this machine) in turn, {@code bench.rounds} of each, each run on a
 * fresh job database (so that the ledger answers none of them), and prints both side by side with the job database
 * server's CPU (a process of its own, where the run's totals are read) and the ratio of their medians.
 */
public final class OverheadBench {

    private static final int IMAGES = Integer.getInteger("bench.images", 10000);
    private static final int WARM_UP_IMAGES = Integer.getInteger("bench.warmUpImages", 2000);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);
    /** {@code off}: one run as gemcap runs by default; {@code both}: runs without and with metrics side by side. */
    private static final String METRICS = System.getProperty("bench.metrics", "off");
    /** Runs of each kind with {@code bench.metrics=both}, in turn, the order swapped each round (on off, off on, ...). */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 4);

    private OverheadBench() {
    }

    /** One run's figures: its rows, its wall time, this process's CPU and its job database server's. */
    private record Measured(long rows, long wallNanos, long cpuNanos, long databaseCpuNanos) {

        double imagesPerSecond() {
            return rows / (wallNanos / 1e9);
        }

        double cpuMsPerImage() {
            return cpuNanos / 1e6 / rows;
        }

        double databaseCpuMsPerImage() {
            return databaseCpuNanos / 1e6 / rows;
        }

        String line() {
            return String.format(Locale.ROOT, "%d rows in %.1f s = %.0f images/s; gemcap process CPU %.3f ms per image,"
                    + " job database server %.3f", rows, wallNanos / 1e9, imagesPerSecond(), cpuMsPerImage(), databaseCpuMsPerImage());
        }
    }

    public static void main(String[] args) throws Exception {
        if (!METRICS.equals("off") && !METRICS.equals("both")) {
            throw new IllegalArgumentException("bench.metrics is off or both, was " + METRICS);
        }
        Path dir = Files.createTempDirectory("gemcap-overhead-bench");
        Path warmUp = images(dir.resolve("warm-up"), WARM_UP_IMAGES, 1_000_000);
        Path input = images(dir.resolve("images"), IMAGES, 0);
        try (ExternalEmulator emulator = ExternalEmulator.start(dir.resolve("emulator.log"))) {
            String endpoint = emulator.baseUrl();
            System.out.printf(Locale.ROOT, "overhead benchmark: %d small PNGs (64x48), zero-latency unlimited emulator in its own"
                    + " process, concurrency %d, chunk 50, after a %d-image warm-up run (%d available cores)%n", IMAGES, CONCURRENCY,
                    WARM_UP_IMAGES, Runtime.getRuntime().availableProcessors());
            if (METRICS.equals("both")) {
                sideBySide(dir, warmUp, input, endpoint);
                return;
            }
            GemcapCli cli = cli(dir.resolve("db"));
            run(cli, warmUp, dir.resolve("warm-up.csv"), endpoint, List.of());
            Measured measured = run(cli, input, dir.resolve("captions.csv"), endpoint, List.of());
            System.out.println("whole run command (context start-up included): " + measured.line());
        }
    }

    /**
     * The first run measured has cost the most CPU per image of all in three invocations out of three, after a short warm-up
     * or a whole one: it is a run with metrics, so that this counts against them.
     */
    private static void sideBySide(Path dir, Path warmUp, Path input, String endpoint) throws Exception {
        try (PushgatewayServer gateway = PushgatewayServer.start()) {
            List<String> metrics = List.of("--metrics-file", dir.resolve("metrics").resolve("overhead.prom").toString(),
                    "--push-gateway", gateway.url(), "--metrics-job", "overhead-bench");
            Files.createDirectories(dir.resolve("metrics"));
            run(cli(dir.resolve("db-warm-up-off")), warmUp, dir.resolve("warm-up-off.csv"), endpoint, List.of());
            run(cli(dir.resolve("db-warm-up-on")), warmUp, dir.resolve("warm-up-on.csv"), endpoint, metrics);
            System.out.printf(Locale.ROOT, "metrics off, and on (--metrics-file, rewritten every gemcap.progress.every, and"
                    + " --push-gateway to a local Pushgateway), %d rounds of each, each run on a fresh job database:%n", ROUNDS);
            List<Measured> off = new ArrayList<>();
            List<Measured> on = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (boolean withMetrics : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    String name = (withMetrics ? "on-" : "off-") + round;
                    Measured measured = run(cli(dir.resolve("db-" + name)), input, dir.resolve(name + ".csv"), endpoint,
                            withMetrics ? metrics : List.of());
                    (withMetrics ? on : off).add(measured);
                    System.out.printf(Locale.ROOT, "  round %d, metrics %-3s: %s%n", round + 1, withMetrics ? "on" : "off",
                            measured.line());
                }
            }
            System.out.printf(Locale.ROOT, "medians        images/s  gemcap CPU ms/image  job database CPU ms/image%n");
            System.out.printf(Locale.ROOT, "metrics off  %10.0f  %19.3f  %25.3f%n", median(off, Measured::imagesPerSecond),
                    median(off, Measured::cpuMsPerImage), median(off, Measured::databaseCpuMsPerImage));
            System.out.printf(Locale.ROOT, "metrics on   %10.0f  %19.3f  %25.3f%n", median(on, Measured::imagesPerSecond),
                    median(on, Measured::cpuMsPerImage), median(on, Measured::databaseCpuMsPerImage));
            System.out.printf(Locale.ROOT, "on / off     %10.3f  %19.3f  %25.3f%n",
                    median(on, Measured::imagesPerSecond) / median(off, Measured::imagesPerSecond),
                    median(on, Measured::cpuMsPerImage) / median(off, Measured::cpuMsPerImage),
                    median(on, Measured::databaseCpuMsPerImage) / median(off, Measured::databaseCpuMsPerImage));
            // each round's two runs ran side by side, under the same load from the rest of the machine
            System.out.printf(Locale.ROOT, "on / off, the median of each round's ratio: images/s %.3f, gemcap CPU %.3f%n",
                    medianRatio(on, off, Measured::imagesPerSecond), medianRatio(on, off, Measured::cpuMsPerImage));
        }
    }

    private static GemcapCli cli(Path home) {
        return new GemcapCli(home).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .set("gemcap.limits.concurrency", String.valueOf(CONCURRENCY)).set("gemcap.job.chunk-size", "50");
    }

    /**
     * One whole run command (context start-up included). The job database server's CPU is that of the processes this one
     * started during the run (the server of the run's H2 file), read while it still waits for another client.
     */
    private static Measured run(GemcapCli cli, Path input, Path output, String endpoint, List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--output", output.toString(), "--endpoint",
                endpoint, "--rpm", "0", "--tpm", "0"));
        args.addAll(extra);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Instant startedAt = Instant.now();
        long cpuBefore = os.getProcessCpuTime();
        long started = System.nanoTime();
        GemcapCli.Result result = cli.run(args.toArray(String[]::new));
        long wall = System.nanoTime() - started;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long databaseCpu = ProcessHandle.current().descendants()
                .filter(process -> process.info().startInstant().map(at -> !at.isBefore(startedAt)).orElse(false))
                .mapToLong(process -> process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        if (result.exitCode() != 0) {
            throw new IllegalStateException("the run failed: " + result.err());
        }
        long rows;
        try (var lines = Files.lines(output)) {
            rows = lines.count() - 1;
        }
        return new Measured(rows, wall, cpu, databaseCpu);
    }

    private static double medianRatio(List<Measured> on, List<Measured> off, ToDoubleFunction<Measured> figure) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < on.size(); round++) {
            ratios.add(figure.applyAsDouble(on.get(round)) / figure.applyAsDouble(off.get(round)));
        }
        return median(ratios);
    }

    private static double median(List<Measured> runs, ToDoubleFunction<Measured> figure) {
        return median(runs.stream().mapToDouble(figure).boxed().toList());
    }

    private static double median(List<Double> figures) {
        List<Double> sorted = new ArrayList<>(figures);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static Path images(Path dir, int count, int seedOffset) {
        for (int i = 0; i < count; i++) {
            TestImages.write(dir.resolve(String.format("d%03d/img%05d.png", i / 200, i)), TestImages.png(64, 48, seedOffset + i));
        }
        return dir;
    }
}
