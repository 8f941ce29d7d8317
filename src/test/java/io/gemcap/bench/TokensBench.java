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
 * sent, cost per 1,000 images for three models of the price table, and preparation CPU and throughput;
 * asserts nothing. Run with {@code bench/tokens}.
 */
public final class TokensBench {

    private static final int IMAGES = Integer.getInteger("bench.images", 200);
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
    private static byte[] photo(int seed) throws Exception {
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
