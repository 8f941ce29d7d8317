package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FileTrees;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A job database made by gemcap at 8e1950e (src/test/resources/upgrade/main-8e1950e, and -postgres): job "archive"
 * completed over 30 images; job "feed" was killed with SIGKILL mid-run (10 of its 30 rows committed on H2, 15 on
 * PostgreSQL; its CSV may hold a chunk more, written before the kill and never committed). This release
 * finishes the killed run with the same command, and the completed job's next night pays only for new images. A
 * subclass gives the database.
 */
abstract class KilledRunUpgradeTest {

    private static final Path PHOTOS = Path.of("src/test/resources/upgrade/release-0.1.0/photos");
    /** The columns a run decides alike whenever it runs (not the call's latency; the cost is that release's price). */
    private static final List<String> DECIDED = List.of("path", "sha256", "status", "caption", "error", "finish_reason", "mime",
            "width", "height", "model", "prompt_tokens", "output_tokens", "thought_tokens", "source", "sent_width", "sent_height",
            "sent_bytes");

    @TempDir
    Path dir;

    protected GeminiEmulator emulator;
    protected GemcapCli cli;
    private Path recorded;
    private FileChannel recordedLock;

    /** Where the release ran: its database records these absolute locations. */
    protected abstract Path recorded();

    /** The fixture's folder (its {@code out/} is what the release left beside its job database). */
    protected abstract Path fixture();

    /** The command line on the release's job database, restored. */
    protected abstract GemcapCli commandLineOnTheOldDatabase() throws Exception;

    /** The job database the command line uses. */
    protected abstract JdbcTemplate jobDatabase();

    @BeforeEach
    void restoreWhatTheReleaseLeft() throws Exception {
        recorded = recorded();
        // (another build on this machine may be running these tests: the locations are fixed, so one test at a time)
        recordedLock = FileChannel.open(Path.of(recorded + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        recordedLock.lock();
        FileTrees.delete(recorded);
        // the archive holds img00..img29, the feed img30..img59, each in folders a/ and b/
        for (String folder : List.of("a", "b")) {
            try (Stream<Path> files = Files.list(PHOTOS.resolve(folder))) {
                for (Path image : files.toList()) {
                    boolean archive = Integer.parseInt(image.getFileName().toString().replaceAll("\\D", "")) < 30;
                    Path copy = recorded.resolve(archive ? "archive" : "feed").resolve(folder).resolve(image.getFileName());
                    Files.createDirectories(copy.getParent());
                    Files.copy(image, copy);
                }
            }
        }
        FileTrees.copy(fixture().resolve("out"), recorded.resolve("out"));
        emulator = GeminiEmulator.builder().build().start();
        cli = withTheReleasesRequestSettings(commandLineOnTheOldDatabase());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (emulator != null) {
                emulator.close();
            }
            FileTrees.delete(recorded);
            // (an H2 job database's server process leaves a moment after the last command: the test's folder is
            // deleted once it has closed its files, which H2's lock file shows)
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                try (Stream<Path> files = Files.walk(dir)) {
                    return files.noneMatch(file -> file.getFileName().toString().endsWith(".lock.db"));
                }
            });
        } finally {
            recordedLock.close();
        }
    }

    /** The request settings 8e1950e ran with (its defaults), so that a later change of defaults is not read as the user's. */
    private static GemcapCli withTheReleasesRequestSettings(GemcapCli cli) {
        return cli.env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY).set("gemcap.gemini.model", "gemini-2.5-flash-lite")
                .set("gemcap.image.detail", "low").set("gemcap.gemini.max-output-tokens", "256")
                .set("gemcap.models.families.gemini-2.thinking-budget", "0")
                .set("gemcap.gemini.prompt", "Write one factual caption for this image in a single sentence of at most 25 words:"
                        + " the main subject, what it is doing, and the setting. No preamble.");
    }

    private GemcapCli.Result runFeed() {
        return cli.run("run", "--input", recorded.resolve("feed").toString(), "--output", recorded.resolve("out/feed.csv").toString(),
                "--endpoint", emulator.baseUrl(), "--concurrency", "1");
    }

    private GemcapCli.Result runArchive() {
        return cli.run("run", "--input", recorded.resolve("archive").toString(), "--output",
                recorded.resolve("out/archive.csv").toString(), "--endpoint", emulator.baseUrl());
    }

    @Test
    void theKilledRunCompletesWithTheSameCommandAsIfItHadNeverBeenKilled() throws IOException {
        int committed = committedFeedRows();
        List<CSVRecord> written = CsvFiles.records(recorded.resolve("out/feed.csv.partial"));
        assertThat(committed).isBetween(5, 25).isLessThanOrEqualTo(written.size());

        // when the killed run's command is run again with this release
        GemcapCli.Result resumed = runFeed();

        // then it finishes run 1, keeping the committed rows as they were and paying only for the images after them
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed: 30 images");
        assertThat(emulator.calls()).isEqualTo(30 - committed);
        List<CSVRecord> rows = CsvFiles.records(recorded.resolve("out/feed.csv"));
        assertThat(rows.subList(0, committed).stream().map(CSVRecord::toMap).toList())
                .isEqualTo(written.subList(0, committed).stream().map(CSVRecord::toMap).toList());
        assertThat(rows).allSatisfy(row -> assertThat(row.get("cost_usd")).isNotEmpty());

        // and its CSV is the one a run never killed writes
        GemcapCli fresh = withTheReleasesRequestSettings(new GemcapCli(dir.resolve("fresh-db")));
        Path freshCsv = dir.resolve("fresh.csv");
        GemcapCli.Result uninterrupted = fresh.run("run", "--input", recorded.resolve("feed").toString(), "--output",
                freshCsv.toString(), "--endpoint", emulator.baseUrl());
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();
        assertThat(decided(rows)).isEqualTo(decided(CsvFiles.records(freshCsv)));
    }

    @Test
    void theKilledRunKilledTwiceMoreByThisReleaseStillCompletesEachImageOnce() throws Exception {
        int committed = committedFeedRows();
        List<String> feed = List.of("run", "--input", recorded.resolve("feed").toString(), "--output",
                recorded.resolve("out/feed.csv").toString(), "--endpoint", emulator.baseUrl(), "--concurrency", "1");

        // when this release's resume is killed after a commit of its own, and its next resume before any
        emulator.setLatency(Duration.ofMillis(200));
        killAfterMoreCalls(feed, 7, Duration.ZERO);
        int committedByTheResume = committedFeedRows();
        assertThat(committedByTheResume).isGreaterThan(committed);
        emulator.setLatency(Duration.ofSeconds(8));
        killAfterMoreCalls(feed, 1, Duration.ofSeconds(1));
        assertThat(committedFeedRows()).isEqualTo(committedByTheResume);
        emulator.setLatency(Duration.ofMillis(20));
        GemcapCli.Result resumed = cli.run(feed.toArray(String[]::new));

        // then the same command completes run 1, each image once, the release's committed rows first and unpaid again
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed: 30 images");
        List<String> paths = CsvFiles.records(recorded.resolve("out/feed.csv")).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(30).doesNotHaveDuplicates();
        // (each kill re-pays at most what was in flight: a chunk of 5 and 2 calls started ahead of it)
        assertThat(emulator.calls() - (30 - committed)).isBetween(0, 2 * (5 + 2));
    }

    /** Runs {@code args} in a child JVM and kills it with SIGKILL once the emulator has seen {@code calls} more calls. */
    private void killAfterMoreCalls(List<String> args, int calls, Duration thenWait) throws Exception {
        int before = emulator.calls();
        Path log = dir.resolve("child-" + before + ".log");
        Process child = ChildJvm.start(cli, args, log);
        await().atMost(Duration.ofSeconds(120)).until(() -> emulator.calls() >= before + calls || !child.isAlive());
        assertThat(child.isAlive()).as(() -> "child ended before the kill: " + read(log)).isTrue();
        Thread.sleep(thenWait.toMillis());
        child.destroyForcibly().waitFor();
    }

    @Test
    void theCompletedJobsNextNightPaysOnlyForTheImagesAddedSince() throws IOException {
        byte[] oldReport = Files.exists(recorded.resolve("out/archive.html")) ? Files.readAllBytes(recorded.resolve("out/archive.html"))
                : null;
        for (int i = 0; i < 10; i++) {
            TestImages.write(recorded.resolve("archive/c/new" + i + ".png"), TestImages.png(21, 19, 7_000 + i));
        }

        GemcapCli.Result next = runArchive();

        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.out()).contains("run 2 completed: 40 images");
        assertThat(emulator.calls()).isEqualTo(10);
        Map<String, String> sources = CsvFiles.records(recorded.resolve("out/archive.csv")).stream()
                .collect(Collectors.toMap(r -> r.get("path"), r -> r.get("source")));
        assertThat(sources).hasSize(40);
        sources.forEach((path, source) -> assertThat(source).as(path).isEqualTo(path.startsWith("c/") ? "call" : "ledger"));
        if (oldReport != null) {
            // the release's report page is gemcap's own: replaced, not refused as the user's
            assertThat(Files.readAllBytes(recorded.resolve("out/archive.html"))).isNotEqualTo(oldReport);
        }
    }

    @Test
    void jobsAndStatusReadTheReleasesRuns() {
        int committed = committedFeedRows();

        GemcapCli.Result jobs = cli.run("jobs");

        assertThat(jobs.exitCode()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains(recorded.resolve("archive") + " -> " + recorded.resolve("out/archive.csv"))
                .contains(recorded.resolve("feed") + " -> " + recorded.resolve("out/feed.csv"));
        GemcapCli.Result archive = cli.run("status", "1");
        assertThat(archive.exitCode()).as(archive.err()).isZero();
        assertThat(archive.out()).contains("run      1 (id 1, online): COMPLETED").contains("images   30: 30 ok");
        GemcapCli.Result feed = cli.run("status", "2");
        assertThat(feed.exitCode()).as(feed.err()).isZero();
        assertThat(feed.out()).contains("input    " + recorded.resolve("feed")).contains("images   " + committed + ": " + committed + " ok");
    }

    /** The killed run's rows in the job database (its CSV may hold a chunk more: the kill can fall between write and commit). */
    private int committedFeedRows() {
        return jobDatabase().queryForObject("SELECT COUNT(*) FROM gemcap_result WHERE job_instance_id IN"
                + " (SELECT job_instance_id FROM gemcap_run WHERE input_location = ?)", Integer.class, recorded.resolve("feed").toString());
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Map<String, String>> decided(List<CSVRecord> rows) {
        List<Map<String, String>> decided = new ArrayList<>();
        for (CSVRecord row : rows) {
            decided.add(DECIDED.stream().collect(Collectors.toMap(c -> c, row::get, (a, b) -> a, java.util.LinkedHashMap::new)));
        }
        return decided;
    }
}
