package io.gemcap.bench;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.image.DecodeBudget;
import io.gemcap.image.Detail;
import io.gemcap.image.ImageConverter;
import io.gemcap.image.Thumbnails;
import io.gemcap.image.ImageInspector;
import io.gemcap.image.ImageLimits;
import io.gemcap.image.PreparedImage;
import io.gemcap.source.ImageRef;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * What each detail level sends and costs: camera-size photos (4000x3000 JPEG, every fifth with EXIF
 * orientation 6) and PNG screenshots with transparency (every tenth) through the whole job against the
 * in-process emulator at each level, then the preparation alone timed. Prints input tokens per image, bytes
 * sent, cost per 1,000 images for three models of the price table, and preparation CPU and throughput.
 * Then the camera photos alone through the whole job with 1, 2 and 4 partitions, side by side: photos
 * prepared per second and CPU per photo. Asserts nothing. Run with {@code bench/tokens}.
 */
public final class TokensBench {

    private static final int IMAGES = Integer.getInteger("bench.images", 200);
    /** Camera photos each partition run captions: the set's JPEGs, and more made alike when it has fewer. */
    private static final int PARTITION_PHOTOS = Integer.getInteger("bench.partitionPhotos", 180);
    /** Rounds of 1, 2 and 4 partitions run one after the other, so that each count sees the machine's load alike. */
    private static final int PARTITION_ROUNDS = Integer.getInteger("bench.partitionRounds", 3);
    private static final int PARTITION_CONCURRENCY = Integer.getInteger("bench.partitionConcurrency", 8);
    private static final int[] PARTITION_COUNTS = {1, 2, 4};
    /** USD per million input / output tokens, from config/application.yml (2026-12-01). */
    private static final Map<String, double[]> PRICES = Map.of("gemini-2.5-flash-lite", new double[] {0.10, 0.40},
            "gemini-2.5-flash", new double[] {0.30, 2.50}, "gemini-3.1-flash-lite", new double[] {0.25, 1.50});

    private TokensBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gemcap-tokens-bench");
        Path input = images(dir.resolve("photos"));
        System.out.printf(Locale.ROOT, "tokens benchmark: %d images (4000x3000 JPEG photos, every 5th orientation 6; every 10th a"
                + " 1920x1080 PNG screenshot with transparency), whole job against the emulator, gemini-2.5 tile rule%n", IMAGES);
        System.out.printf(Locale.ROOT, "%-9s %12s %14s %16s %14s %18s%n", "detail", "input tok/img", "KB sent/img",
                "flash-lite $/1k", "2.5-flash $/1k", "3.1-flash-lite $/1k");
        double lowTokens = 0;
        double originalTokens = 0;
        for (Detail detail : Detail.values()) {
            try (GeminiEmulator emulator = GeminiEmulator.builder().build().start()) {
                GemcapCli cli = new GemcapCli(dir.resolve("db-" + detail.label())).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY);
                Path output = dir.resolve("captions-" + detail.label() + ".csv");
                GemcapCli.Result result = cli.run("run", "--input", input.toString(), "--output", output.toString(), "--endpoint",
                        emulator.baseUrl(), "--detail", detail.label(), "--rpm", "0", "--tpm", "0");
                if (result.exitCode() != 0) {
                    throw new IllegalStateException(detail + ": " + result.err());
                }
                var rows = CsvFiles.records(output);
                double tokens = (double) emulator.promptTokensBilled() / rows.size();
                double bytes = rows.stream().mapToLong(r -> Long.parseLong(r.get("sent_bytes"))).average().orElse(0);
                double out = rows.stream().mapToLong(r -> Long.parseLong(r.get("output_tokens"))).average().orElse(0);
                lowTokens = detail == Detail.LOW ? tokens : lowTokens;
                originalTokens = detail == Detail.ORIGINAL ? tokens : originalTokens;
                System.out.printf(Locale.ROOT, "%-9s %12.0f %14.0f %16.4f %14.4f %18.4f%n", detail.label(), tokens, bytes / 1024,
                        per1000(tokens, out, "gemini-2.5-flash-lite"), per1000(tokens, out, "gemini-2.5-flash"),
                        per1000(tokens, out, "gemini-3.1-flash-lite"));
            }
        }
        System.out.printf(Locale.ROOT, "input tokens, original / low: %.1fx fewer at the default level%n", originalTokens / lowTokens);
        preparation(input);
        partitions(input, dir);
    }

    private static double per1000(double inputTokens, double outputTokens, String model) {
        double[] price = PRICES.get(model);
        return 1000 * (inputTokens * price[0] + outputTokens * price[1]) / 1e6;
    }

    /** Preparation at the default level alone: CPU per image on one thread, and photos per second on every core. */
    private static void preparation(Path input) throws Exception {
        ImageInspector inspector = new ImageInspector(ImageLimits.GEMINI_INLINE);
        ImageConverter converter = new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes());
        List<PreparedImage> images = new ArrayList<>();
        try (var files = Files.list(input)) {
            for (Path file : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                images.add((PreparedImage) inspector.inspect(ImageRef.file(file.getFileName().toString(), bytes.length), bytes));
            }
        }
        for (PreparedImage image : images.subList(0, Math.min(10, images.size()))) {
            converter.convert(image, OptionalInt.of(768));
        }
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        for (PreparedImage image : images) {
            converter.convert(image, OptionalInt.of(768));
        }
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / images.size();
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (PreparedImage image : images) {
            done.add(pool.submit(() -> converter.convert(image, OptionalInt.of(768))));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "preparation at low (decode with subsampling, orient, scale, encode): %.1f ms CPU per image on"
                + " one thread; %.1f images/s on %d threads (%d cores)%n", cpuMs, images.size() / seconds, cores, cores);
        // The report's thumbnail, made while the image is prepared from the picture the conversion decoded (once per content).
        List<java.awt.image.BufferedImage> pictures = new ArrayList<>();
        for (PreparedImage image : images) {
            converter.convert(image, OptionalInt.of(768), pictures::add);
        }
        Thumbnails thumbnails = new Thumbnails(Files.createTempDirectory("gemcap-bench-thumbnails"), DecodeBudget.ofHeap(0.5));
        cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < pictures.size(); i++) {
            thumbnails.make(images.get(i).sha256(), pictures.get(i));
        }
        double thumbnailMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / images.size();
        System.out.printf(Locale.ROOT, "thumbnail from the picture the conversion decoded: %.1f ms CPU per image on one thread (%.0f %%"
                + " of the preparation; %d of %d images were decoded)%n", thumbnailMs, 100 * thumbnailMs / cpuMs, pictures.size(),
                images.size());
    }

    /**
     * Camera photos through the whole job with 1, 2 and 4 partitions at a fixed concurrency, in rounds (1 2 4, 2 4 1, 4 1 2, ...)
     * after a warm-up run, each with a fresh job database so that no answer comes from the ledger. The emulator answers at
     * once with no quota, in a process of its own and without looking at the images, so that the pace is gemcap's
     * preparation and the CPU counted is gemcap's: this JVM's (the job runs in it), and apart the job database server's.
     */
    private static void partitions(Path input, Path dir) throws Exception {
        Path photos = cameraPhotos(input, dir.resolve("partition-photos"));
        System.out.printf(Locale.ROOT, "partitions: %d camera photos (the set's 4000x3000 JPEGs, a ninth with orientation 6), whole"
                + " job at low, --concurrency %d, chunk 20, --rpm 0 --tpm 0, zero-latency emulator in its own process (no image"
                + " checks), a fresh job database per run; %d rounds of 1, 2 and 4 partitions, each round starting one further on,"
                + " after a warm-up run (%d cores)%n", PARTITION_PHOTOS, PARTITION_CONCURRENCY, PARTITION_ROUNDS,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-6s %10s %10s %12s %12s %14s %14s%n", "round", "partitions", "caption s", "photos/s",
                "command s", "CPU ms/photo", "db CPU ms/ph");
        Map<Integer, List<PartitionRun>> byCount = new java.util.TreeMap<>();
        try (ExternalEmulator emulator = ExternalEmulator.start(dir.resolve("partition-emulator.log"))) {
            print("warm-up", partitionRun(emulator, photos, dir.resolve("partition-warm-up"), 1));
            for (int round = 1; round <= PARTITION_ROUNDS; round++) {
                for (int i = 0; i < PARTITION_COUNTS.length; i++) {
                    // Each round starts one count further on (1 2 4, 2 4 1, 4 1 2): no count always runs first, after
                    // another count's run.
                    int partitions = PARTITION_COUNTS[(round - 1 + i) % PARTITION_COUNTS.length];
                    PartitionRun run = partitionRun(emulator, photos, dir.resolve("partition-run-" + round + "-" + partitions),
                            partitions);
                    byCount.computeIfAbsent(partitions, count -> new ArrayList<>()).add(run);
                    print(String.valueOf(round), run);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-10s %18s %18s %14s %14s %16s%n", "partitions", "photos/s (median)", "photos/s (each)",
                "CPU ms/photo", "db CPU ms/ph", "ratio to 1 part.");
        List<PartitionRun> single = byCount.get(1);
        for (var count : byCount.entrySet()) {
            List<PartitionRun> runs = count.getValue();
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                ratios.add(runs.get(i).photosPerSecond() / single.get(i).photosPerSecond());
            }
            System.out.printf(Locale.ROOT, "%-10d %18.1f %18s %14.1f %14.1f %16.2f%n", count.getKey(),
                    median(runs.stream().map(PartitionRun::photosPerSecond).toList()),
                    String.join(" ", runs.stream().map(run -> String.format(Locale.ROOT, "%.1f", run.photosPerSecond())).toList()),
                    median(runs.stream().map(run -> 1000 * run.cpuSeconds() / run.photos()).toList()),
                    median(runs.stream().map(run -> 1000 * run.serverCpuSeconds() / run.photos()).toList()), median(ratios));
        }
        System.out.println("photos/s: photos over the caption step's wall time (its partitions from the first start to the last end;"
                + " the walk, the CSV and start-up excluded); command s: the whole run command; CPU: this JVM's process CPU"
                + " (OperatingSystemMXBean) over the whole command, start-up included; db: the job database server process's;"
                + " ratio: the median of each round's photos/s against the same round's 1 partition");
    }

    /**
     * One run's figures: photos captioned, the caption step's and the command's wall time, this process's CPU and the job
     * database server's.
     */
    private record PartitionRun(int partitions, int photos, double captionSeconds, double commandSeconds, double cpuSeconds,
            double serverCpuSeconds) {

        double photosPerSecond() {
            return photos / captionSeconds;
        }
    }

    private static PartitionRun partitionRun(ExternalEmulator emulator, Path photos, Path home, int partitions) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        GemcapCli cli = new GemcapCli(home).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY).set("gemcap.job.chunk-size", "20");
        Path output = home.resolve("captions.csv");
        Map<Long, Long> serversBefore = childCpuNanos(emulator.pid());
        long cpu = os.getProcessCpuTime();
        long started = System.nanoTime();
        GemcapCli.Result result = cli.run("run", "--input", photos.toString(), "--output", output.toString(), "--endpoint",
                emulator.baseUrl(), "--rpm", "0", "--tpm", "0", "--concurrency", String.valueOf(PARTITION_CONCURRENCY),
                "--partitions", String.valueOf(partitions));
        double commandSeconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        long serverCpu = 0;
        for (var server : childCpuNanos(emulator.pid()).entrySet()) {
            serverCpu += server.getValue() - serversBefore.getOrDefault(server.getKey(), 0L);
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException(partitions + " partitions: " + result.err());
        }
        int rows = CsvFiles.records(output).size();
        long partitionSteps = cli.jdbc().queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE"
                + " 'captionPartition:%'", Long.class);
        if (rows != PARTITION_PHOTOS || partitionSteps != partitions) {
            throw new IllegalStateException(partitions + " partitions: " + rows + " rows in " + partitionSteps + " partitions");
        }
        double captionSeconds = cli.jdbc().queryForObject("SELECT START_TIME, END_TIME FROM BATCH_STEP_EXECUTION WHERE STEP_NAME ="
                + " 'caption'", (row, n) -> java.time.Duration.between(row.getTimestamp(1).toInstant(), row.getTimestamp(2).toInstant())
                .toNanos() / 1e9);
        return new PartitionRun(partitions, rows, captionSeconds, commandSeconds, cpuSeconds, serverCpu / 1e9);
    }

    /** CPU time of this JVM's child processes but the emulator (the job database servers gemcap started), by process id. */
    private static Map<Long, Long> childCpuNanos(long emulatorPid) {
        Map<Long, Long> cpu = new java.util.HashMap<>();
        ProcessHandle.current().descendants().filter(child -> child.pid() != emulatorPid).forEach(child -> child.info()
                .totalCpuDuration().ifPresent(used -> cpu.put(child.pid(), used.toNanos())));
        return cpu;
    }

    private static void print(String round, PartitionRun run) {
        System.out.printf(Locale.ROOT, "%-6s %10d %10.2f %12.1f %12.2f %14.1f %14.1f%n", round, run.partitions(), run.captionSeconds(),
                run.photosPerSecond(), run.commandSeconds(), 1000 * run.cpuSeconds() / run.photos(),
                1000 * run.serverCpuSeconds() / run.photos());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** {@link #PARTITION_PHOTOS} camera photos: hard links to the set's JPEGs, then more made alike (a ninth turned). */
    private static Path cameraPhotos(Path set, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<Path> jpegs;
        try (var files = Files.list(set)) {
            jpegs = files.filter(file -> file.toString().endsWith(".jpg")).sorted().toList();
        }
        for (int i = 0; i < PARTITION_PHOTOS; i++) {
            Path photo = dir.resolve(String.format("photo%04d.jpg", i));
            if (i < jpegs.size()) {
                Files.createLink(photo, jpegs.get(i));
            } else {
                byte[] made = photo(IMAGES + i);
                TestImages.write(photo, i % 9 == 4 ? TestImages.withOrientation(made, 6) : made);
            }
        }
        return dir;
    }

    private static Path images(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < IMAGES; i++) {
            if (i % 10 == 9) {
                TestImages.write(dir.resolve(String.format("img%04d.png", i)), TestImages.pngWithTransparency(1920, 1080 + i % 7));
            } else if (i % 5 == 4) {
                byte[] photo = photo(i);
                TestImages.write(dir.resolve(String.format("img%04d.jpg", i)), TestImages.withOrientation(photo, 6));
            } else {
                TestImages.write(dir.resolve(String.format("img%04d.jpg", i)), photo(i));
            }
        }
        return dir;
    }

    /** A 4000x3000 photo-like JPEG: smooth gradients with a little texture, different for each seed. */
    static byte[] photo(int seed) throws Exception {
        BufferedImage image = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < 3000; y++) {
            for (int x = 0; x < 4000; x++) {
                int r = (x / 16 + seed * 7) & 0xff;
                int g = (y / 12 + seed * 13) & 0xff;
                int b = ((x ^ y) >> 3) & 0x3f;
                pixels[y * 4000 + x] = r << 16 | g << 8 | (b + 96);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}
