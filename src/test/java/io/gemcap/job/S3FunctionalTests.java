package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.Corpus;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.S3Server;
import io.gemcap.image.HeaderProbe;
import io.gemcap.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job over an s3:// prefix, against a real S3 wire-protocol server reached through AWS_ENDPOINT_URL. */
class S3FunctionalTests {

    private static final String BUCKET = "archive";
    private static final String PREFIX = "photos/";

    @TempDir
    Path dir;

    private S3Server s3;
    private GeminiEmulator emulator;
    private GemcapCli cli;
    private Path output;

    @BeforeEach
    void setUp() throws Exception {
        s3 = new S3Server();
        s3.createBucket(BUCKET);
        emulator = GeminiEmulator.builder().build().start();
        cli = s3Cli("db");
        output = dir.resolve("out/captions.csv");
    }

    @AfterEach
    void tearDown() throws Exception {
        emulator.close();
        s3.close();
    }

    /** Three keys per listing page, so every test lists several pages. */
    private GemcapCli s3Cli(String database) {
        GemcapCli gemcap = new GemcapCli(dir.resolve(database)).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .set("gemcap.storage.page-size", "3");
        s3.environment().forEach(gemcap::env);
        return gemcap;
    }

    private String[] runArgs(String input, String out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--input", input, "--output", out, "--endpoint", emulator.baseUrl()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private GemcapCli.Result runS3() {
        return cli.run(runArgs("s3://" + BUCKET + "/" + PREFIX.substring(0, PREFIX.length() - 1), output.toString()));
    }

    private Corpus upload(Corpus corpus) {
        corpus.writeTo((path, bytes) -> s3.put(BUCKET, PREFIX + path, bytes));
        return corpus;
    }

    private static Map<String, List<String>> rowsWithoutTimings(Path csv, String pathPrefix) throws Exception {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (CSVRecord record : CsvFiles.records(csv)) {
            List<String> values = new ArrayList<>(record.toList());
            values.remove(record.getParser().getHeaderMap().get("latency_ms").intValue());
            assertThat(record.get("path")).startsWith(pathPrefix);
            rows.put(record.get("path").substring(pathPrefix.length()), values.subList(1, values.size()));
        }
        return rows;
    }

    @Test
    void aBucketPrefixGivesTheSameRowsAsTheSameFilesInAFolder() throws Exception {
        // given one archive in a folder and under an S3 prefix, next to an object outside the prefix
        Corpus corpus = Corpus.mixed(12);
        corpus.writeTo(dir.resolve("photos"));
        upload(corpus);
        s3.put(BUCKET, "photos-old/other.png", TestImages.png(10, 10, 77));
        s3.put(BUCKET, PREFIX + "2024/", new byte[0]);

        // when both run, each with its own job database
        Path folderCsv = dir.resolve("folder.csv");
        GemcapCli.Result folder = s3Cli("db-folder").run(runArgs(dir.resolve("photos").toString(), folderCsv.toString()));
        GemcapCli.Result bucket = runS3();

        // then the rows are the same, paths aside, and the bucket's carry full URIs
        assertThat(folder.exitCode()).as(folder.err()).isZero();
        assertThat(bucket.exitCode()).as(bucket.err()).isZero();
        Map<String, List<String>> fromFolder = rowsWithoutTimings(folderCsv, "");
        Map<String, List<String>> fromBucket = rowsWithoutTimings(output, "s3://archive/photos/");
        assertThat(fromBucket).hasSize((int) corpus.imageCount()).isEqualTo(fromFolder);
        assertThat(fromBucket).containsKeys("summer 2024/café ☕ été.png", "日本/写真 1.webp");
        assertThat(fromBucket.get("bad/truncated.jpg")).contains("rejected");
        assertThat(bucket.out()).contains("skipped 1 hidden and 1 non-image files");
        // and the listing came in pages, each object was downloaded once, nothing outside the prefix
        assertThat(s3.listingMarkers().size()).isGreaterThan(5);
        assertThat(s3.downloadedKeys()).hasSize((int) corpus.imageCount()).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).startsWith(PREFIX));
    }

    @Test
    void anEstimateOfABucketReadsHeadersOnlyAndMatchesWhatTheRunIsBilled() throws Exception {
        // given camera photos, one with 100 KB of metadata before its frame header, a screenshot and a text file
        for (int i = 0; i < 3; i++) {
            s3.put(BUCKET, PREFIX + "camera" + i + ".jpg", TestImages.jpeg(3000 + 200 * i, 2000, 40 + i));
        }
        byte[] padded = TestImages.withSegment(TestImages.jpeg(2400, 1800, 50), 100_000);
        s3.put(BUCKET, PREFIX + "padded.jpg", padded);
        s3.put(BUCKET, PREFIX + "screen.png", TestImages.pngWithTransparency(1920, 1080));
        s3.put(BUCKET, PREFIX + "notes.jpg", "not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long stored = 0;
        for (String key : List.of("camera0.jpg", "camera1.jpg", "camera2.jpg", "padded.jpg", "screen.png")) {
            stored += s3.get(BUCKET, PREFIX + key).length;
        }
        long servedBefore = s3.bytesServed();

        GemcapCli.Result estimate = cli.run("estimate", "--input", "s3://archive/photos", "--detail", "medium");

        assertThat(estimate.exitCode()).as(estimate.err()).isZero();
        assertThat(estimate.out()).contains("images           6").contains("to call          5").contains("rejected         1")
                .doesNotContain("size unknown");
        long served = s3.bytesServed() - servedBefore;
        assertThat(served).as("bytes served for headers").isLessThan(6 * HeaderProbe.FIRST_BYTES + 10 * 4096L)
                .isLessThan(stored / 4);
        assertThat(emulator.calls() + emulator.startupChecks()).isZero();
        long predicted = Long.parseLong(estimate.out().replaceAll("(?s).*input tokens +([0-9,]+).*", "$1").replace(",", ""));

        GemcapCli.Result result = cli.run("run", "--input", "s3://archive/photos", "--output", output.toString(), "--endpoint",
                emulator.baseUrl(), "--detail", "medium");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat((double) predicted).isCloseTo(emulator.promptTokensBilled(), org.assertj.core.data.Percentage.withPercentage(5));
        // the next estimate knows every object at its version: nothing to call, nothing downloaded
        long servedBeforeNext = s3.bytesServed();
        assertThat(cli.run("estimate", "--input", "s3://archive/photos", "--detail", "medium").out()).contains("to call          0");
        assertThat(s3.bytesServed() - servedBeforeNext).isLessThanOrEqualTo(HeaderProbe.FIRST_BYTES);
    }

    @Test
    void theSecondNightDownloadsOnlyWhatChanged() throws Exception {
        Corpus corpus = upload(Corpus.mixed(8));
        GemcapCli.Result first = runS3();
        assertThat(first.exitCode()).as(first.err()).isZero();
        int downloads = s3.downloads();
        int calls = emulator.calls();

        // when the next night runs over the unchanged archive
        GemcapCli.Result second = runS3();

        // then nothing is downloaded or paid, not even the corrupt objects, and the rows are last night's
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(s3.downloads()).isEqualTo(downloads);
        assertThat(emulator.calls()).isEqualTo(calls);
        List<CSVRecord> rows = CsvFiles.records(output);
        assertThat(rows).hasSize((int) corpus.imageCount()).allSatisfy(r -> assertThat(r.get("source")).isEqualTo("ledger"));

        // when one object is replaced and one added
        s3.put(BUCKET, PREFIX + "2024/trip/img0.jpg", TestImages.jpeg(50, 40, 1000));
        s3.put(BUCKET, PREFIX + "2025/new.png", TestImages.png(41, 41, 1001));
        GemcapCli.Result third = runS3();

        // then exactly those two are downloaded and captioned
        assertThat(third.exitCode()).as(third.err()).isZero();
        assertThat(s3.downloadedKeys().subList(downloads, s3.downloads()))
                .containsExactlyInAnyOrder(PREFIX + "2024/trip/img0.jpg", PREFIX + "2025/new.png");
        assertThat(emulator.calls()).isEqualTo(calls + 2);
    }

    @Test
    void aKilledRunResumesFromItsRecordedWalkWithoutListingTheBucketAgain() throws Exception {
        // given 40 images and a run in its own JVM, killed with SIGKILL mid-run
        for (int i = 0; i < 40; i++) {
            s3.put(BUCKET, PREFIX + "d" + (i % 3) + "/img" + String.format("%02d", i) + ".png", TestImages.png(20, 20, i));
        }
        GeminiEmulator slow = GeminiEmulator.builder().latency(Duration.ofMillis(80)).build().start();
        try {
            String[] args = {"run", "--input", "s3://" + BUCKET + "/photos", "--output", output.toString(), "--endpoint", slow.baseUrl()};
            Process child = ChildJvm.start(cli, List.of(args), dir.resolve("child.log"));
            await().atMost(Duration.ofSeconds(90)).until(() -> slow.calls() >= 18 || !child.isAlive());
            assertThat(child.isAlive()).as("child ended before the kill; see " + dir.resolve("child.log")).isTrue();
            child.destroyForcibly().waitFor();
            List<String> committed = cli.committedPaths();
            assertThat(committed).isNotEmpty();
            int listingsBefore = s3.listingMarkers().size();

            // when the same command runs again
            GemcapCli.Result resumed = cli.run(args);

            // then the run goes on from its recorded walk: no listing continues through the bucket (the one at start checks
            // access), and the CSV has each image once
            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            List<String> markers = s3.listingMarkers().subList(listingsBefore, s3.listingMarkers().size());
            assertThat(markers).hasSizeLessThanOrEqualTo(1).allSatisfy(marker -> assertThat(marker).isEmpty());
            List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
            assertThat(paths).hasSize(40);
            assertThat(new HashSet<>(paths)).hasSize(40);
            // and at most one chunk plus the look-ahead (2 x 4 calls) was paid twice
            assertThat(slow.calls()).isLessThanOrEqualTo(40 + 5 + 8);
        } finally {
            slow.close();
        }
    }

    @Test
    void aDeletedObjectBecomesARowAndSlowDownAnswersAreRetried() throws Exception {
        upload(Corpus.mixed(6));
        s3.deleteAfterListing(BUCKET, PREFIX + "2024/home/deep/img1.png");
        s3.failNextReads(3);

        GemcapCli.Result result = runS3();

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, CSVRecord> rows = new LinkedHashMap<>();
        CsvFiles.records(output).forEach(r -> rows.put(r.get("path"), r));
        CSVRecord gone = rows.get("s3://archive/photos/2024/home/deep/img1.png");
        assertThat(gone.get("status")).isEqualTo("rejected");
        assertThat(gone.get("error")).isEqualTo("object was deleted after it was listed");
        assertThat(rows.values().stream().filter(r -> r.get("status").equals("failed"))).isEmpty();
        assertThat(rows.get("s3://archive/photos/2024/trip/img0.jpg").get("status")).isEqualTo("ok");
    }

    @Test
    void aStoreThatKeepsFailingStopsTheRunResumableInsteadOfFailingEveryRow() throws Exception {
        Corpus corpus = upload(Corpus.mixed(8));
        s3.failNextReads(10_000);

        GemcapCli.Result down = runS3();

        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("S3 storage counts as down").contains("run the same command to resume");
        s3.failNextReads(0);

        GemcapCli.Result resumed = runS3();

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");
        List<CSVRecord> rows = CsvFiles.records(output);
        assertThat(rows).hasSize((int) corpus.imageCount());
        assertThat(rows.stream().map(r -> r.get("path")).distinct()).hasSize((int) corpus.imageCount());
        assertThat(rows).noneMatch(r -> r.get("status").equals("failed"));
    }

    @Test
    void aBucketOutputIsBuiltLocallyAndUploadedWhenTheRunCompletes() throws Exception {
        Corpus corpus = upload(Corpus.mixed(4));
        s3.createBucket("results");

        // (without a report, nothing makes the staging folder before the run starts)
        GemcapCli.Result result = cli.run(runArgs("s3://archive/photos/", "s3://results/nightly/captions.csv", "--no-report"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("-> s3://results/nightly/captions.csv");
        String uploaded = new String(s3.get("results", "nightly/captions.csv"), StandardCharsets.UTF_8);
        assertThat(uploaded.lines()).hasSize((int) corpus.imageCount() + 1);
        Path staged = dir.resolve("db/data/outputs/s3/results/nightly/captions.csv");
        assertThat(Files.readString(staged)).isEqualTo(uploaded);
        assertThat(Path.of(staged + ".run.json")).exists();
        // and run.json said the run was running from its start: its log names no file it could not write
        try (var logs = Files.list(dir.resolve("db/data/logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).doesNotContain("could not write");
            }
        }
    }

    @Test
    void anUploadThatFailsLeavesTheRunResumableAndTheSameCommandUploadsWithoutCaptioningAgain() throws Exception {
        Corpus corpus = upload(Corpus.mixed(4));
        s3.createBucket("results");
        s3.failNextWrites(100);
        String[] args = runArgs("s3://archive/photos", "s3://results/captions.csv");

        GemcapCli.Result failed = cli.run(args);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("run 1 failed").contains("run the same command to resume");
        assertThat(s3.exists("results", "captions.csv")).isFalse();
        int calls = emulator.calls();
        s3.failNextWrites(0);

        GemcapCli.Result resumed = cli.run(args);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");
        assertThat(new String(s3.get("results", "captions.csv"), StandardCharsets.UTF_8).lines()).hasSize((int) corpus.imageCount() + 1);
        assertThat(emulator.calls()).isEqualTo(calls);
    }

    @Test
    void missingOrRefusedCredentialsAndAMissingBucketStopAtStartWithOneLine() {
        String[] args = runArgs("s3://archive/photos", output.toString());

        GemcapCli.Result refused = new GemcapCli(dir.resolve("db2")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .env("AWS_ENDPOINT_URL", s3.endpoint()).env("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", "wrong-secret").run(args);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip()).doesNotContain("\n").startsWith("gemcap: S3 refused access to s3://archive/photos")
                .contains("AWS_SECRET_ACCESS_KEY").doesNotContain("wrong-secret");

        GemcapCli.Result noCredentials = new GemcapCli(dir.resolve("db3")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .env("AWS_ENDPOINT_URL", s3.endpoint()).set("aws.disableEc2Metadata", "true").run(args);
        assertThat(noCredentials.exitCode()).isEqualTo(2);
        assertThat(noCredentials.err()).isEqualTo("gemcap: no AWS credentials for s3://archive/photos: set AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), and AWS_ENDPOINT_URL for an S3-compatible server\n");

        GemcapCli.Result noBucket = cli.run(runArgs("s3://no-such-bucket/photos", output.toString()));
        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.err().strip()).isEqualTo("gemcap: bucket not found: s3://no-such-bucket"
                + " (check the name, and AWS_ENDPOINT_URL for an S3-compatible server)");
        assertThat(emulator.calls()).isZero();
    }

    @Test
    void hostileKeysOversizedAndUnreadableObjectsEachGetARowAndTheRunCompletes() throws Exception {
        // (No key with "//": S3Proxy's Jetty folds the slashes before checking the signature, so it answers 403.)
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("odd/bell\u0007.png", TestImages.png(11, 11, 1));
        objects.put("odd/100% #1?.png", TestImages.png(12, 12, 2));
        objects.put("odd/a+b=c&d.png", TestImages.png(13, 13, 3));
        objects.put("odd/trailing space .png", TestImages.png(14, 14, 4));
        objects.put("odd/=HYPERLINK(\"x\").png", TestImages.png(15, 15, 5));
        objects.put("odd/" + "long".repeat(200) + ".png", TestImages.png(17, 17, 7));
        objects.put("odd/huge.jpg", new byte[16 * 1024 * 1024]);
        objects.put("odd/locked.png", TestImages.png(18, 18, 8));
        objects.put("odd/grows.png", TestImages.png(19, 19, 9));
        objects.forEach((key, bytes) -> s3.put(BUCKET, PREFIX + key, bytes));
        s3.denyReads(PREFIX + "odd/locked.png");
        s3.replaceAfterListing(BUCKET, PREFIX + "odd/grows.png", new byte[12 * 1024 * 1024]);
        GemcapCli small = s3Cli("db").set("gemcap.input.max-file-bytes", "10000000");

        GemcapCli.Result result = small.run(runArgs("s3://archive/photos", output.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, CSVRecord> rows = new LinkedHashMap<>();
        CsvFiles.records(output).forEach(r -> rows.put(r.get("path"), r));
        assertThat(rows).hasSize(objects.size());
        objects.keySet().stream().filter(key -> !List.of("odd/huge.jpg", "odd/locked.png", "odd/grows.png").contains(key))
                .forEach(key -> assertThat(rows.get("s3://archive/photos/" + key).get("status"))
                        .as(key + ": " + rows.get("s3://archive/photos/" + key).get("error")).isEqualTo("ok"));
        assertThat(rows.get("s3://archive/photos/odd/huge.jpg").get("error")).startsWith("file is 16.0 MB");
        assertThat(s3.downloadedKeys()).doesNotContain(PREFIX + "odd/huge.jpg");
        assertThat(rows.get("s3://archive/photos/odd/grows.png").get("error")).startsWith("the image holds more than the 9.5 MB gemcap reads")
                .contains("though it was listed at " + objects.get("odd/grows.png").length + " bytes");
        CSVRecord locked = rows.get("s3://archive/photos/odd/locked.png");
        assertThat(locked.get("status")).isEqualTo("failed");
        assertThat(locked.get("error")).startsWith("cannot read object: ").contains("403");
    }
}
