package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.Corpus;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.GcsStub;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job over a gs:// prefix: the real google-cloud-storage client against the project's JSON API stub. */
class GcsFunctionalTests {

    private static final String BUCKET = "archive";

    @TempDir
    Path dir;

    private GcsStub gcs;
    private GeminiEmulator emulator;
    private GemcapCli cli;
    private Path output;

    @BeforeEach
    void setUp() throws Exception {
        gcs = new GcsStub();
        gcs.createBucket(BUCKET);
        emulator = GeminiEmulator.builder().build().start();
        cli = new GemcapCli(dir.resolve("db")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .env("STORAGE_EMULATOR_HOST", gcs.host()).set("gemcap.storage.page-size", "3");
        output = dir.resolve("captions.csv");
    }

    @AfterEach
    void tearDown() {
        emulator.close();
        gcs.close();
    }

    private String[] runArgs(GeminiEmulator gemini, String out) {
        return new String[] {"run", "--input", "gs://archive/photos", "--output", out, "--endpoint", gemini.baseUrl()};
    }

    private Corpus upload(Corpus corpus) {
        corpus.writeTo((path, bytes) -> gcs.put(BUCKET, "photos/" + path, bytes));
        return corpus;
    }

    private Map<String, CSVRecord> rows() throws Exception {
        Map<String, CSVRecord> rows = new LinkedHashMap<>();
        CsvFiles.records(output).forEach(r -> rows.put(r.get("path"), r));
        return rows;
    }

    @Test
    void captionsEveryImageUnderThePrefixListingPageByPageAndDownloadingEachOnce() throws Exception {
        Corpus corpus = upload(Corpus.mixed(10));
        gcs.put(BUCKET, "photos-old/other.png", TestImages.png(10, 10, 5));
        gcs.failNextReads(2);

        GemcapCli.Result result = cli.run(runArgs(emulator, output.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, CSVRecord> rows = rows();
        assertThat(rows).hasSize((int) corpus.imageCount());
        assertThat(rows.get("gs://archive/photos/summer 2024/café ☕ été.png").get("status")).isEqualTo("ok");
        assertThat(rows.get("gs://archive/photos/日本/写真 1.webp").get("status")).isEqualTo("ok");
        assertThat(rows.get("gs://archive/photos/bad/truncated.jpg").get("status")).isEqualTo("rejected");
        assertThat(rows.values()).noneMatch(r -> r.get("status").equals("failed"));
        assertThat(gcs.listings().stream().filter(q -> q.containsKey("pageToken")).count()).isGreaterThan(3);
        assertThat(gcs.downloadedNames()).hasSize((int) corpus.imageCount()).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).startsWith("photos/"));
    }

    @Test
    void aKilledRunResumesFromItsRecordedWalkWithoutListingTheBucketAgain() throws Exception {
        for (int i = 0; i < 40; i++) {
            gcs.put(BUCKET, "photos/d" + (i % 3) + "/img" + String.format("%02d", i) + ".png", TestImages.png(20, 20, i));
        }
        GeminiEmulator slow = GeminiEmulator.builder().latency(Duration.ofMillis(80)).build().start();
        try {
            String[] args = runArgs(slow, output.toString());
            Process child = ChildJvm.start(cli, List.of(args), dir.resolve("child.log"));
            await().atMost(Duration.ofSeconds(90)).until(() -> slow.calls() >= 18 || !child.isAlive());
            assertThat(child.isAlive()).as("child ended before the kill; see " + dir.resolve("child.log")).isTrue();
            child.destroyForcibly().waitFor();
            List<String> committed = cli.committedPaths();
            int listingsBefore = gcs.listings().size();

            GemcapCli.Result resumed = cli.run(args);

            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            // (the one listing at start checks access: one object)
            assertThat(committed).isNotEmpty();
            assertThat(gcs.listings().subList(listingsBefore, gcs.listings().size()))
                    .allSatisfy(q -> assertThat(q).containsEntry("maxResults", "1").doesNotContainKeys("startOffset", "pageToken"));
            List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
            assertThat(paths).hasSize(40);
            assertThat(new HashSet<>(paths)).hasSize(40);
        } finally {
            slow.close();
        }
    }

    @Test
    void theSecondNightDownloadsOnlyNewGenerationsAndTheCsvIsUploaded() throws Exception {
        Corpus corpus = upload(Corpus.mixed(6));
        gcs.createBucket("results");
        String[] args = runArgs(emulator, "gs://results/captions/nightly.csv");
        GemcapCli.Result first = cli.run(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        int downloads = gcs.downloads();

        gcs.put(BUCKET, "photos/2024/trip/img0.jpg", TestImages.jpeg(33, 33, 900));
        GemcapCli.Result second = cli.run(args);

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(gcs.downloadedNames().subList(downloads, gcs.downloads())).containsExactly("photos/2024/trip/img0.jpg");
        String uploaded = new String(gcs.get("results", "captions/nightly.csv"), StandardCharsets.UTF_8);
        assertThat(uploaded.lines()).hasSize((int) corpus.imageCount() + 1);
        java.nio.file.Path copy = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("nightly", ".csv"), uploaded);
        assertThat(CsvFiles.records(copy).stream().filter(r -> r.get("source").equals("ledger"))).hasSize((int) corpus.imageCount() - 1);
    }

    @Test
    void anObjectReplacedAfterListingIsNotReadAsTheListedOneAndIsCaptionedTheNextNight() throws Exception {
        upload(Corpus.mixed(4));
        gcs.replaceAfterListing(BUCKET, "photos/2024/trip/img2.png", TestImages.png(44, 44, 4242));

        GemcapCli.Result first = cli.run(runArgs(emulator, output.toString()));

        assertThat(first.exitCode()).as(first.err()).isZero();
        CSVRecord replaced = rows().get("gs://archive/photos/2024/trip/img2.png");
        assertThat(replaced.get("status")).isEqualTo("rejected");
        assertThat(replaced.get("error")).isEqualTo("object was deleted or replaced after it was listed");

        GemcapCli.Result second = cli.run(runArgs(emulator, output.toString()));

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(rows().get("gs://archive/photos/2024/trip/img2.png").get("caption")).contains("44x44 PNG");
        assertThat(gcs.downloadedNames()).containsOnlyOnce("photos/2024/trip/img2.png");
    }

    @Test
    void aMissingBucketOrNoCredentialsStopAtStartWithOneLine() {
        GemcapCli.Result result = cli.run("run", "--input", "gs://nowhere/photos", "--output", output.toString(),
                "--endpoint", emulator.baseUrl());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("gemcap: bucket not found: gs://nowhere\n");

        GemcapCli.Result noCredentials = new GemcapCli(dir.resolve("db2")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .run("run", "--input", "gs://archive/photos", "--output", output.toString(), "--endpoint", emulator.baseUrl());
        assertThat(noCredentials.exitCode()).isEqualTo(2);
        assertThat(noCredentials.err()).isEqualTo("gemcap: no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a key file,"
                + " or run gcloud auth application-default login (STORAGE_EMULATOR_HOST for an emulator)\n");
        assertThat(emulator.calls()).isZero();
    }
}
