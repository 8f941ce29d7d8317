package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.FileTrees;
import io.gemcap.testing.GemcapCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A job database and output made by release 0.1.0 (src/test/resources/upgrade/release-0.1.0): run 1
 * completed over 30 images, then 30 more were added and run 2 was killed after 15 committed rows. The
 * user had reached the input through a symlink, which 0.1.0 recorded as spelled.
 */
class UpgradeFunctionalTests extends FolderJobTest {

    private static final Path FIXTURE = Path.of("src/test/resources/upgrade/release-0.1.0");
    /** Where 0.1.0 ran: the database records these absolute locations. */
    private static final Path RECORDED = Path.of("/tmp/gemcap-release-0.1.0-fixture");

    private Path spelledInput;
    private Path recordedOutput;

    @BeforeEach
    void databaseAndOutputOfTheOldRelease() throws IOException {
        FileTrees.delete(RECORDED);
        Path realInput = dir.resolve("real-photos");
        FileTrees.copy(FIXTURE.resolve("photos"), realInput);
        Files.createDirectories(RECORDED.resolve("out"));
        spelledInput = Files.createSymbolicLink(RECORDED.resolve("photos"), realInput);
        recordedOutput = RECORDED.resolve("out/captions.csv");
        Files.copy(FIXTURE.resolve("captions.csv"), recordedOutput);
        Files.copy(FIXTURE.resolve("captions.csv.partial"), Path.of(recordedOutput + ".partial"));
        Files.createDirectories(dir.resolve("db"));
        Files.copy(FIXTURE.resolve("jobs.mv.db"), dir.resolve("db/jobs.mv.db"));
        // 0.1.0's runs used its default model and sent every image as it is, with the model's own thinking and answer
        // length; this user keeps those settings (the new defaults would be refused as a change, below)
        cli.set("gemcap.gemini.model", "gemini-2.5-flash").set("gemcap.image.detail", "original")
                .set("gemcap.models.families.gemini-2.thinking-budget", "").set("gemcap.gemini.max-output-tokens", "0");
    }

    @AfterEach
    void removeRecordedLocations() {
        FileTrees.delete(RECORDED);
    }

    private GemcapCli.Result runTheSameCommand() {
        return cli.run("run", "--input", spelledInput.toString(), "--output", recordedOutput.toString(), "--endpoint",
                emulator.baseUrl());
    }

    @Test
    void theUnfinishedRunResumesWithTheSameCommandAndTheNextNightPaysForNothingOld() {
        List<String> committed = CsvFiles.records(Path.of(recordedOutput + ".partial")).stream().map(r -> r.get("path")).toList();
        assertThat(committed).hasSize(15);
        long newImagesNotCommitted = Stream.of("a", "b").flatMap(d -> list(spelledInput.resolve(d)).stream())
                .filter(path -> Integer.parseInt(path.replaceAll("\\D", "")) >= 30)
                .filter(path -> !committed.contains(path)).count();

        // when the same command runs with this release
        GemcapCli.Result resumed = runTheSameCommand();

        // then run 2 is recovered and finished: its committed rows kept, only images never paid for are sent
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 2 completed: 60 images");
        List<String> paths = CsvFiles.records(recordedOutput).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(60).doesNotHaveDuplicates().startsWith(committed.toArray(String[]::new));
        assertThat(emulator.calls()).isEqualTo((int) newImagesNotCommitted);
        // in today's columns: the rows 0.1.0 wrote have the new ones empty
        assertThat(CsvFiles.records(recordedOutput).get(0).size()).isEqualTo(io.gemcap.output.CaptionCsv.COLUMNS.size());
        assertThat(CsvFiles.records(recordedOutput).get(0).get("cost_usd")).isEmpty();
        assertThat(CsvFiles.records(recordedOutput).get(59).get("cost_usd")).isNotEmpty();

        // and the next night is run 3, paying for nothing
        GemcapCli.Result next = runTheSameCommand();
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.out()).contains("run 3 completed: 60 images");
        assertThat(emulator.calls()).isEqualTo((int) newImagesNotCommitted);

        // and gemcap's tables are now Flyway's to migrate
        JdbcTemplate jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(), cli.jdbcUrl(), "sa", ""));
        assertThat(jdbc.queryForList("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\"", String.class))
                .contains("0", "1", "2", "4");
    }

    @Test
    void aChangedPromptIsComparedWithTheTextTheOldReleaseKept() {
        GemcapCli.Result changed = cli.run("run", "--input", spelledInput.toString(), "--output", recordedOutput.toString(),
                "--endpoint", emulator.baseUrl(), "--prompt", "Name the colour.");
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("run 2 of this job is unfinished and used a different prompt");
    }

    @Test
    void theNewDefaultSettingsAreRefusedAsAChangeNamingThem() {
        cli.set("gemcap.image.detail", "low");

        GemcapCli.Result changed = runTheSameCommand();

        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("run 2 of this job is unfinished and used other request settings: detail original (now"
                + " low)").hasLineCount(1);
    }

    @Test
    void theNewDefaultModelIsRefusedAsAChangeUntilTheUserChooses() {
        cli.set("gemcap.gemini.model", "gemini-2.5-flash-lite");

        GemcapCli.Result changed = runTheSameCommand();

        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("run 2 of this job is unfinished and used model gemini-2.5-flash (now"
                + " gemini-2.5-flash-lite)").hasLineCount(1);
    }

    private static Set<String> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> folder.getFileName() + "/" + f.getFileName()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
