package io.gemcap.bench;

import io.gemcap.ProcessEnvironment;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.policy.BreakerSettings;
import io.gemcap.policy.RetrySettings;
import io.gemcap.source.BucketUri;
import io.gemcap.source.Buckets;
import io.gemcap.source.ImageSource;
import io.gemcap.source.StorageSettings;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.S3Server;
import io.gemcap.testing.TestImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same archive read from a folder and from an S3 prefix, side by side in one JVM capped by
 * bench/bucket: images/s and peak heap of each run, then a second night over the bucket (nothing to
 * download), and the reader alone over a prefix of 200,000 keys. The S3 server (S3Proxy) and the
 * emulator run in processes of their own.
 */
public final class BucketBench {

    private static final int IMAGES = Integer.getInteger("bench.images", 20_000);
    private static final int LISTED = Integer.getInteger("bench.listed", 200_000);

    private BucketBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gemcap-bucket-bench");
        Process s3 = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-cp", System.getProperty("java.class.path"), S3ServerProcess.class.getName(), "listing", String.valueOf(LISTED))
                .redirectError(dir.resolve("s3.log").toFile()).start();
        try (ExternalEmulator emulator = ExternalEmulator.start(dir.resolve("emulator.log"))) {
            BufferedReader serverOutput = new BufferedReader(new InputStreamReader(s3.getInputStream(), StandardCharsets.UTF_8));
            String line = serverOutput.readLine();
            while (line != null && !line.startsWith("endpoint ")) {
                line = serverOutput.readLine();
            }
            String endpoint = line.substring("endpoint ".length());
            Thread drain = new Thread(() -> serverOutput.lines().forEach(ignored -> { }));
            drain.setDaemon(true);
            drain.start();
            Path folder = dir.resolve("images");
            upload(endpoint, folder);
            System.out.printf(Locale.ROOT, "bucket benchmark: %d images, max heap %d MB%n", IMAGES,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            double folderRate = run("folder", dir, "db-folder", folder.toString(), emulator, endpoint);
            double bucketRate = run("s3 prefix, first night", dir, "db-s3", "s3://bench/images", emulator, endpoint);
            double secondNight = run("s3 prefix, second night", dir, "db-s3", "s3://bench/images", emulator, endpoint);
            System.out.printf(Locale.ROOT, "s3 / folder: %.2f; second night / first night: %.2f%n", bucketRate / folderRate,
                    secondNight / bucketRate);
            listing(endpoint);
        } finally {
            s3.destroy();
            s3.waitFor(10, TimeUnit.SECONDS);
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Writes each image to the folder and puts it under s3://bench/images/, with the same relative path. */
    private static void upload(String endpoint, Path folder) throws Exception {
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY,
                        S3Server.SECRET_KEY))).build()) {
            client.createBucket(b -> b.bucket("bench"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                byte[] image = BenchImages.distinct(i);
                String path = String.format("d%03d/img%06d.png", i / 1000, i);
                TestImages.write(folder.resolve(path), image);
                puts.add(pool.submit(() -> client.putObject(b -> b.bucket("bench").key("images/" + path), RequestBody.fromBytes(image))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
            pool.shutdown();
        }
    }

    /** The reader alone over a large prefix, page by page: what it holds is one page, not the listing. */
    private static void listing(String endpoint) throws Exception {
        ProcessEnvironment environment = new ProcessEnvironment(Map.of("AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID",
                S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY));
        try (Buckets buckets = new Buckets(environment, new StorageSettings(1000, null, null),
                new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1)),
                new BreakerSettings(10, 50, null, null))) {
            HeapPeaks.reset();
            long started = System.nanoTime();
            long count = 0;
            try (ImageSource.Listing listing = buckets.open(BucketUri.parse("s3://listing/listed").orElseThrow(), path -> true)
                    .listAfter(null)) {
                while (listing.hasNext()) {
                    listing.next();
                    count++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "reader over an S3 prefix of %d keys, pages of 1000: %d listed in %.1f s (%.0f keys/s);"
                    + " peak heap %d MB%n", LISTED, count, seconds, count / seconds, HeapPeaks.peakMb());
        }
    }

    private static double run(String what, Path dir, String database, String input, ExternalEmulator emulator, String s3)
            throws Exception {
        GemcapCli cli = new GemcapCli(dir.resolve(database)).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .env("AWS_ENDPOINT_URL", s3).env("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY).env("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY)
                .set("gemcap.limits.concurrency", "8").set("gemcap.job.chunk-size", "100");
        HeapPeaks.reset();
        long started = System.nanoTime();
        GemcapCli.Result result = cli.run("run", "--input", input, "--output", dir.resolve(database + ".csv").toString(),
                "--endpoint", emulator.baseUrl(), "--rpm", "0", "--tpm", "0");
        double seconds = (System.nanoTime() - started) / 1e9;
        if (result.exitCode() != 0) {
            throw new IllegalStateException(what + ": the run failed: " + result.err());
        }
        long rows = Files.lines(dir.resolve(database + ".csv")).count() - 1;
        System.out.printf(Locale.ROOT, "%-26s %d rows in %.1f s = %.0f images/s; peak heap %d MB%n", what + ":", rows, seconds,
                rows / seconds, HeapPeaks.peakMb());
        return rows / seconds;
    }
}
