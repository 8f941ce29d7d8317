package io.gemcap.bench;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.source.FolderImageSource;
import io.gemcap.source.ImageSource;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Memory as the archive grows: the whole job on 100,000 small images, then the reader alone over a
 * 1,000,000-file tree and over one flat folder of 1,000,000 files, in a JVM capped by bench/archive
 * (-Xmx256m). Prints images/s and peak heap; asserts nothing.
 */
public final class ArchiveBench {

    private static final int JOB_IMAGES = Integer.getInteger("bench.jobImages", 100_000);
    private static final int LISTED = Integer.getInteger("bench.listed", 1_000_000);

    private ArchiveBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gemcap-archive-bench");
        System.out.printf(Locale.ROOT, "archive benchmark: max heap %d MB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        wholeJob(dir);
        Path tree = dir.resolve("tree");
        for (int d = 0; d < LISTED / 1000; d++) {
            Path folder = Files.createDirectories(tree.resolve(String.format("d%04d", d)));
            for (int f = 0; f < 1000; f++) {
                Files.createFile(folder.resolve(String.format("img%04d.png", f)));
            }
        }
        list("reader over a tree of " + LISTED + " files in " + LISTED / 1000 + " folders", tree);
        deleteTree(tree);
        Path flat = Files.createDirectories(dir.resolve("flat"));
        for (int f = 0; f < LISTED; f++) {
            Files.createFile(flat.resolve(String.format("img%07d.jpg", f)));
        }
        list("reader over one flat folder of " + LISTED + " files", flat);
        deleteTree(dir);
    }

    private static void wholeJob(Path dir) throws Exception {
        Path input = dir.resolve("images");
        for (int i = 0; i < JOB_IMAGES; i++) {
            TestImages.write(input.resolve(String.format("d%03d/img%06d.png", i / 1000, i)), BenchImages.distinct(i));
        }
        try (ExternalEmulator emulator = ExternalEmulator.start(dir.resolve("emulator.log"))) {
            GemcapCli cli = new GemcapCli(dir.resolve("db")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                    .set("gemcap.limits.concurrency", "8").set("gemcap.job.chunk-size", "100");
            HeapPeaks.reset();
            long started = System.nanoTime();
            GemcapCli.Result result = cli.run("run", "--input", input.toString(), "--output", dir.resolve("captions.csv").toString(),
                    "--endpoint", emulator.baseUrl(), "--rpm", "0", "--tpm", "0");
            double seconds = (System.nanoTime() - started) / 1e9;
            if (result.exitCode() != 0) {
                throw new IllegalStateException("the run failed: " + result.err());
            }
            long rows = Files.lines(dir.resolve("captions.csv")).count() - 1;
            System.out.printf(Locale.ROOT, "whole job, %d images: %d rows in %.1f s = %.0f images/s; peak heap %d MB%n",
                    JOB_IMAGES, rows, seconds, rows / seconds, HeapPeaks.peakMb());
        }
        deleteTree(input);
    }

    private static void list(String what, Path root) {
        HeapPeaks.reset();
        long started = System.nanoTime();
        long count = 0;
        try (ImageSource.Listing listing = new FolderImageSource(root).listAfter(null)) {
            while (listing.hasNext()) {
                listing.next();
                count++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d listed in %.1f s; peak heap %d MB%n", what, count, seconds, HeapPeaks.peakMb());
    }


    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
