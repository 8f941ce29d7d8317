package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.image.ImageInspector;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FileTrees;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.JobDatabaseServers;
import io.gemcap.testing.TestImages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Job databases made by earlier releases (src/test/resources/upgrade/main-*, each with the script that made it): job
 * "archive" completed over 30 images; job "feed" was killed with SIGKILL mid-run, with some of its 30 rows committed
 * (its CSV may hold a chunk more, written before the kill and never committed) and calls in flight, or, in Batch Mode,
 * while it prepared its shards. This release finishes the killed run with the same command, paying only for the images
 * not committed, and the completed job's next night pays only for new images. Every test runs on every fixture (the
 * kills by this release on the online ones: Batch Mode's are BatchModeFunctionalTests' subject).
 */
class KilledRunUpgradeFunctionalTests {

    private static final Path PHOTOS = Path.of("src/test/resources/upgrade/release-0.1.0/photos");
    /** The columns a run decides alike whenever it runs (not the call's latency; the cost is that release's price). */
    private static final List<String> DECIDED = List.of("path", "sha256", "status", "caption", "error", "finish_reason", "mime",
            "width", "height", "model", "prompt_tokens", "output_tokens", "thought_tokens", "source", "sent_width", "sent_height",
            "sent_bytes");

    /**
     * One release's leftovers: its folder under upgrade/, where it ran (its database records these absolute locations),
     * its job database's kind, how its feed ran (Batch Mode, or online with {@code --concurrency}) and how many of the
     * feed's rows its database holds.
     */
    record Fixture(String folder, Path recorded, boolean postgres, boolean batch, int concurrency, int committed) {

        @Override
        public String toString() {
            return folder;
        }

        List<String> archiveOptions() {
            return batch ? List.of("--mode", "batch") : List.of();
        }

        List<String> feedOptions() {
            return batch ? List.of("--mode", "batch") : List.of("--concurrency", String.valueOf(concurrency));
        }
    }

    static Stream<Fixture> onlineFixtures() {
        return fixtures().filter(fixture -> !fixture.batch());
    }

    static Stream<Fixture> fixtures() {
        return Stream.of(new Fixture("main-8e1950e", Path.of("/tmp/gemcap-8e1950e-fixture"), false, false, 1, 10),
                new Fixture("main-8e1950e-postgres", Path.of("/tmp/gemcap-8e1950e-pg-fixture"), true, false, 1, 15),
                new Fixture("main-d1cb590", Path.of("/tmp/gemcap-d1cb590-fixture"), false, false, 2, 15),
                new Fixture("main-d1cb590-postgres", Path.of("/tmp/gemcap-d1cb590-pg-fixture"), true, false, 2, 15),
                new Fixture("main-d1cb590-batch", Path.of("/tmp/gemcap-d1cb590-batch-fixture"), false, true, 0, 0));
    }

    /** The feed's CSV as a run never killed writes it (its decided columns), online and in Batch Mode: alike for every fixture. */
    private static final Map<Boolean, List<Map<String, String>>> UNINTERRUPTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** One server for every PostgreSQL fixture and test, each restored into a database of its own. */
    private static EmbeddedPostgres postgres;

    private Fixture fixture;

    @TempDir
    Path dir;

    private GeminiEmulator emulator;
    private GemcapCli cli;
    private String database;
    private Path recorded;
    private FileChannel recordedLock;

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** Puts back what the release left: the photos at the locations its database records, its outputs, its database. */
    private void restore(Fixture fixture) throws Exception {
        this.fixture = fixture;
        recorded = fixture.recorded();
        // (another build on this machine may be running these tests: the locations are fixed, so one test at a time)
        recordedLock = FileChannel.open(Path.of(recorded + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        recordedLock.lock();
        FileTrees.delete(recorded);
        // the archive holds img00..img29, the feed img30..img59, each in folders a/ and b/
        for (Path image : photos()) {
            boolean archive = Integer.parseInt(image.getFileName().toString().replaceAll("\\D", "")) < 30;
            Path copy = recorded.resolve(archive ? "archive" : "feed").resolve(PHOTOS.relativize(image).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(image, copy);
        }
        Path fixtureFolder = Path.of("src/test/resources/upgrade").resolve(fixture.folder());
        FileTrees.copy(fixtureFolder.resolve("out"), recorded.resolve("out"));
        emulator = GeminiEmulator.builder().build().start();
        cli = withTheReleasesSettings(commandLineOnTheOldDatabase(fixtureFolder));
        if (Files.isDirectory(fixtureFolder.resolve("home"))) {
            // what the release kept beside its job database (a Batch Mode run's request files)
            FileTrees.copy(fixtureFolder.resolve("home"), home());
        }
    }

    /** gemcap.home of the command line: where it keeps its H2 job database, if any, and its files. */
    private Path home() {
        return dir.resolve(fixture.postgres() ? "home" : "db");
    }

    private GemcapCli commandLineOnTheOldDatabase(Path fixtureFolder) throws Exception {
        if (!fixture.postgres()) {
            Files.createDirectories(home());
            Files.copy(fixtureFolder.resolve("jobs.mv.db"), home().resolve("jobs.mv.db"));
            return new GemcapCli(home());
        }
        synchronized (KilledRunUpgradeFunctionalTests.class) {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
            }
        }
        database = "gemcap_" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        new ResourceDatabasePopulator(new ClassPathResource("upgrade/" + fixture.folder() + "/jobs.sql"))
                .execute(postgres.getDatabase("postgres", database));
        return new GemcapCli(home()).set("spring.datasource.url", postgres.getJdbcUrl("postgres", database))
                .set("spring.datasource.username", "postgres");
    }

    @AfterEach
    void stop() throws Exception {
        if (recordedLock == null) {
            return;
        }
        try {
            if (emulator != null) {
                emulator.close();
            }
            FileTrees.delete(recorded);
            // (an H2 job database's server process outlives the last command: the test's folder is deleted once it has
            // closed its files)
            JobDatabaseServers.stopAllUnder(dir);
        } finally {
            recordedLock.close();
        }
    }

    /**
     * The request settings the releases ran with (their defaults), so that a later change of defaults is not read as the
     * user's, and the shard size the Batch Mode fixture was made with.
     */
    private GemcapCli withTheReleasesSettings(GemcapCli cli) {
        cli.env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY).set("gemcap.gemini.model", "gemini-2.5-flash-lite")
                .set("gemcap.image.detail", "low").set("gemcap.gemini.max-output-tokens", "256")
                .set("gemcap.models.families.gemini-2.thinking-budget", "0")
                .set("gemcap.gemini.prompt", "Write one factual caption for this image in a single sentence of at most 25 words:"
                        + " the main subject, what it is doing, and the setting. No preamble.");
        return fixture.batch() ? cli.set("gemcap.batch.shard-images", "5").set("gemcap.batch.poll-first", "10ms") : cli;
    }

    private List<String> feedCommand() {
        List<String> command = new ArrayList<>(List.of("run", "--input", recorded.resolve("feed").toString(), "--output",
                recorded.resolve("out/feed.csv").toString(), "--endpoint", emulator.baseUrl()));
        command.addAll(fixture.feedOptions());
        return command;
    }

    private GemcapCli.Result runArchive() {
        List<String> command = new ArrayList<>(List.of("run", "--input", recorded.resolve("archive").toString(), "--output",
                recorded.resolve("out/archive.csv").toString(), "--endpoint", emulator.baseUrl()));
        command.addAll(fixture.archiveOptions());
        return cli.run(command.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theKilledRunCompletesWithTheSameCommandAsIfItHadNeverBeenKilled(Fixture fixture) throws Exception {
        restore(fixture);
        int committed = committedFeedRows();
        Path partial = recorded.resolve("out/feed.csv.partial");
        List<CSVRecord> written = Files.exists(partial) ? CsvFiles.records(partial) : List.of();
        assertThat(committed).isEqualTo(fixture.committed()).isLessThanOrEqualTo(written.size());
        List<String> committedPaths = written.subList(0, committed).stream().map(row -> row.get("path")).toList();
        int inFlight = sentButNotCommitted();

        // when the killed run's command is run again with this release
        GemcapCli.Result resumed = cli.run(feedCommand().toArray(String[]::new));

        // then it finishes run 1, keeping the committed rows as they were and paying once for each image after them only
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed: 30 images");
        assertThat(emulator.calls() + emulator.batchRequestsAnswered()).isEqualTo(30 - committed);
        // (the calls the release had sent and not committed are the ones paid twice, and the summary says how many)
        if (inFlight > 0) {
            assertThat(resumed.out()).contains(inFlight + " paid twice after a crash");
        } else {
            assertThat(resumed.out()).doesNotContain("paid twice");
        }
        for (Path image : photos()) {
            String path = PHOTOS.relativize(image).toString();
            if (Integer.parseInt(image.getFileName().toString().replaceAll("\\D", "")) >= 30) {
                assertThat(emulator.callsFor(ImageInspector.sha256(Files.readAllBytes(image)))).as(path)
                        .isEqualTo(committedPaths.contains(path) ? 0 : 1);
            }
        }
        List<CSVRecord> rows = CsvFiles.records(recorded.resolve("out/feed.csv"));
        assertThat(rows.subList(0, committed).stream().map(CSVRecord::toMap).toList())
                .isEqualTo(written.subList(0, committed).stream().map(CSVRecord::toMap).toList());
        assertThat(rows).allSatisfy(row -> assertThat(row.get("cost_usd")).isNotEmpty());
        assertThat(partial).as("the killed run's partial CSV, once the run is published").doesNotExist();

        // and its CSV is the one a run never killed writes
        assertThat(decided(rows)).isEqualTo(UNINTERRUPTED.computeIfAbsent(fixture.batch(), batch -> uninterruptedFeed()));
    }

    /** The decided columns of this release's run of the feed, never killed, in the fixture's mode. */
    private List<Map<String, String>> uninterruptedFeed() {
        GemcapCli fresh = withTheReleasesSettings(new GemcapCli(dir.resolve("fresh-db")));
        Path freshCsv = dir.resolve("fresh.csv");
        List<String> command = new ArrayList<>(List.of("run", "--input", recorded.resolve("feed").toString(), "--output",
                freshCsv.toString(), "--endpoint", emulator.baseUrl()));
        command.addAll(fixture.archiveOptions());
        GemcapCli.Result uninterrupted = fresh.run(command.toArray(String[]::new));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();
        return decided(CsvFiles.records(freshCsv));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onlineFixtures")
    void theKilledRunKilledTwiceMoreByThisReleaseStillCompletesEachImageOnce(Fixture fixture) throws Exception {
        restore(fixture);
        int committed = committedFeedRows();
        List<String> feed = feedCommand();

        // when this release's resume is killed after a commit of its own, and its next resume before any
        emulator.setLatency(Duration.ofMillis(200));
        killAfterMoreCalls(feed, 5 + 2 * fixture.concurrency(), Duration.ZERO);
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
        // (each kill re-pays at most what was in flight: a chunk of 5 and the calls started ahead of it, twice the concurrency)
        assertThat(emulator.calls() - (30 - committed)).isBetween(0, 2 * (5 + 2 * fixture.concurrency()));
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theCompletedJobsNextNightPaysOnlyForTheImagesAddedSince(Fixture fixture) throws Exception {
        restore(fixture);
        byte[] oldReport = Files.exists(recorded.resolve("out/archive.html")) ? Files.readAllBytes(recorded.resolve("out/archive.html"))
                : null;
        for (int i = 0; i < 10; i++) {
            TestImages.write(recorded.resolve("archive/c/new" + i + ".png"), TestImages.png(21, 19, 7_000 + i));
        }

        GemcapCli.Result next = runArchive();

        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.out()).contains("run 2 completed: 40 images");
        assertThat(emulator.calls() + emulator.batchRequestsAnswered()).isEqualTo(10);
        Map<String, String> sources = CsvFiles.records(recorded.resolve("out/archive.csv")).stream()
                .collect(Collectors.toMap(r -> r.get("path"), r -> r.get("source")));
        assertThat(sources).hasSize(40);
        sources.forEach((path, source) -> assertThat(source).as(path).isEqualTo(path.startsWith("c/") ? "call" : "ledger"));
        if (oldReport != null) {
            // the release's report page is gemcap's own: replaced, not refused as the user's
            assertThat(Files.readAllBytes(recorded.resolve("out/archive.html"))).isNotEqualTo(oldReport);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void jobsAndStatusReadTheReleasesRuns(Fixture fixture) throws Exception {
        restore(fixture);
        int committed = committedFeedRows();

        GemcapCli.Result jobs = cli.run("jobs");

        assertThat(jobs.exitCode()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains(recorded.resolve("archive") + " -> " + recorded.resolve("out/archive.csv"))
                .contains(recorded.resolve("feed") + " -> " + recorded.resolve("out/feed.csv"));
        GemcapCli.Result archive = cli.run("status", "1");
        assertThat(archive.exitCode()).as(archive.err()).isZero();
        assertThat(archive.out()).contains("run      1 (id 1, " + (fixture.batch() ? "batch" : "online") + "): COMPLETED")
                .contains("images   30: 30 ok").as("a run from before partitions has none to show").doesNotContain("split ");
        GemcapCli.Result feed = cli.run("status", "2");
        assertThat(feed.exitCode()).as(feed.err()).isZero();
        assertThat(feed.out()).contains("input    " + recorded.resolve("feed")).contains("images   " + committed + ": " + committed + " ok")
                .doesNotContain("split ");
    }

    /** The killed run's rows in the job database (its CSV may hold a chunk more: the kill can fall between write and commit). */
    private int committedFeedRows() {
        return jobDatabase().queryForObject("SELECT COUNT(*) FROM gemcap_result WHERE job_instance_id IN"
                + " (SELECT job_instance_id FROM gemcap_run WHERE input_location = ?)", Integer.class, recorded.resolve("feed").toString());
    }

    /** Images the killed run had sent a call for (its notes of calls going out) and not committed. */
    private int sentButNotCommitted() {
        return jobDatabase().queryForObject("SELECT COUNT(DISTINCT i.path) FROM gemcap_call_intent i WHERE i.job_instance_id IN"
                + " (SELECT job_instance_id FROM gemcap_run WHERE input_location = ?) AND NOT EXISTS (SELECT 1 FROM gemcap_result r"
                + " WHERE r.job_instance_id = i.job_instance_id AND r.path = i.path)", Integer.class, recorded.resolve("feed").toString());
    }

    private JdbcTemplate jobDatabase() {
        return new JdbcTemplate(fixture.postgres() ? postgres.getDatabase("postgres", database)
                : new SimpleDriverDataSource(new org.h2.Driver(), cli.jdbcUrl(), "sa", ""));
    }

    private static List<Path> photos() throws IOException {
        try (Stream<Path> files = Files.walk(PHOTOS)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
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
            decided.add(DECIDED.stream().collect(Collectors.toMap(c -> c, row::get, (a, b) -> a, LinkedHashMap::new)));
        }
        return decided;
    }
}
