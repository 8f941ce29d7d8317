package io.gemcap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Batch Mode against online on the same small images, in a JVM capped at 256 MB with the emulator in its own
 * process: gemcap's CPU per image, the heap's peak, the bytes uploaded, and the cost per 1,000 images of each.
 * Prints figures; asserts nothing. Run with {@code bench/batch}.
 */
public final class BatchBench {

    private static final int IMAGES = Integer.getInteger("bench.images", 20000);

    private BatchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gemcap-batch-bench");
        Path input = dir.resolve("images");
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve(String.format("d%03d/img%05d.png", i / 200, i)), TestImages.png(64, 48, i));
        }
        try (ExternalEmulator emulator = ExternalEmulator.start(dir.resolve("emulator.log"))) {
            System.out.printf(Locale.ROOT, "batch benchmark: %d small PNGs (64x48), emulator in its own process, this JVM at -Xmx%d MB%n",
                    IMAGES, Runtime.getRuntime().maxMemory() / 1024 / 1024);
            Figures batch = run(dir, input, emulator, "batch", "--mode", "batch");
            JsonNode afterBatch = stats(emulator);
            Figures online = run(dir, input, emulator, "online");
            System.out.printf(Locale.ROOT, "%-7s %10s %14s %14s %16s%n", "mode", "s", "CPU ms/image", "heap peak MB", "$ per 1,000");
            for (Figures figures : new Figures[] {batch, online}) {
                System.out.printf(Locale.ROOT, "%-7s %10.1f %14.3f %14d %16.5f%n", figures.mode, figures.seconds, figures.cpuMsPerImage,
                        figures.heapPeakMb, figures.costPer1000);
            }
            System.out.printf(Locale.ROOT, "batch: %d batches, %.1f MB uploaded (%.0f bytes per image); cost batch / online = %.3f%n",
                    afterBatch.get("batchesCreated").asInt(), afterBatch.get("bytesUploaded").asLong() / 1048576.0,
                    afterBatch.get("bytesUploaded").asDouble() / IMAGES, batch.costPer1000 / online.costPer1000);
        }
    }

    private record Figures(String mode, double seconds, double cpuMsPerImage, long heapPeakMb, double costPer1000) {
    }

    private static Figures run(Path dir, Path input, ExternalEmulator emulator, String mode, String... extra) throws Exception {
        GemcapCli cli = new GemcapCli(dir.resolve("db-" + mode)).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .set("gemcap.batch.poll-first", "200ms").set("gemcap.batch.poll-max", "1s");
        Path output = dir.resolve(mode + ".csv");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--input", input.toString(), "--output",
                output.toString(), "--endpoint", emulator.baseUrl(), "--rpm", "0", "--tpm", "0"));
        args.addAll(java.util.List.of(extra));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        HeapPeaks.reset();
        long cpu = os.getProcessCpuTime();
        long started = System.nanoTime();
        GemcapCli.Result result = cli.run(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (result.exitCode() != 0) {
            throw new IllegalStateException(mode + " run failed: " + result.err());
        }
        double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6 / IMAGES;
        double cost = new ObjectMapper().readTree(Path.of(output + ".run.json").toFile()).get("costUsd").asDouble();
        return new Figures(mode, seconds, cpuMs, HeapPeaks.peakMb(), cost / IMAGES * 1000);
    }

    private static JsonNode stats(ExternalEmulator emulator) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                + GeminiEmulator.STATS_PATH)).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }
}
