package io.gemcap.bench;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * gemcap's own cost per image: the whole job against a zero-latency, unlimited emulator running in
 * its own process (so its CPU is not counted), after a warm-up run. Prints images per second and
 * this process's CPU milliseconds per image; asserts nothing. Run with {@code bench/overhead}.
 */
public final class OverheadBench {

    private static final int IMAGES = Integer.getInteger("bench.images", 10000);
    private static final int WARM_UP_IMAGES = Integer.getInteger("bench.warmUpImages", 2000);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);

    private OverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gemcap-overhead-bench");
        Path warmUp = images(dir.resolve("warm-up"), WARM_UP_IMAGES, 1_000_000);
        Path input = images(dir.resolve("images"), IMAGES, 0);
        try (ExternalEmulator emulator = ExternalEmulator.start(dir.resolve("emulator.log"))) {
            String endpoint = emulator.baseUrl();
            GemcapCli cli = new GemcapCli(dir.resolve("db")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                    .set("gemcap.limits.concurrency", String.valueOf(CONCURRENCY)).set("gemcap.job.chunk-size", "50");
            run(cli, warmUp, dir.resolve("warm-up.csv"), endpoint);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long started = System.nanoTime();
            run(cli, input, dir.resolve("captions.csv"), endpoint);
            long wall = System.nanoTime() - started;
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long rows = Files.lines(dir.resolve("captions.csv")).count() - 1;
            System.out.printf(Locale.ROOT, "overhead benchmark: %d small PNGs (64x48), zero-latency unlimited emulator in its own"
                    + " process, concurrency %d, chunk 50, after a %d-image warm-up run%n", IMAGES, CONCURRENCY, WARM_UP_IMAGES);
            System.out.printf(Locale.ROOT, "whole run command (context start-up included): %d rows in %.1f s = %.0f images/s;"
                    + " gemcap process CPU %.2f ms per image (%d available cores)%n", rows, wall / 1e9, rows / (wall / 1e9),
                    cpu / 1e6 / rows, Runtime.getRuntime().availableProcessors());
        }
    }

    private static void run(GemcapCli cli, Path input, Path output, String endpoint) {
        GemcapCli.Result result = cli.run("run", "--input", input.toString(), "--output", output.toString(), "--endpoint", endpoint,
                "--rpm", "0", "--tpm", "0");
        if (result.exitCode() != 0) {
            throw new IllegalStateException("the run failed: " + result.err());
        }
    }

    private static Path images(Path dir, int count, int seedOffset) {
        for (int i = 0; i < count; i++) {
            TestImages.write(dir.resolve(String.format("d%03d/img%05d.png", i / 200, i)), TestImages.png(64, 48, seedOffset + i));
        }
        return dir;
    }


}
