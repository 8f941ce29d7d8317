package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FileTrees;
import io.gemcap.testing.GemcapCli;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A PostgreSQL job database made by release 0.1.0 (a committed dump: run 1 over 30 images) is upgraded in
 * place by this release's migrations: its ledger and runs are kept, and the next night pays only for the
 * images added since.
 */
class PostgresUpgradeFunctionalTests {

    private static final Path FIXTURE = Path.of("src/test/resources/upgrade");
    /** Where 0.1.0 ran: the database records these absolute locations. */
    private static final Path RECORDED = Path.of("/tmp/gemcap-release-0.1.0-pg-fixture");

    @TempDir
    Path dir;

    private EmbeddedPostgres postgres;
    private GeminiEmulator emulator;
    private GemcapCli cli;

    @BeforeEach
    void restoreTheOldDatabase() throws Exception {
        FileTrees.delete(RECORDED);
        FileTrees.copy(FIXTURE.resolve("release-0.1.0/photos"), RECORDED.resolve("photos"));
        Files.createDirectories(RECORDED.resolve("out"));
        postgres = EmbeddedPostgres.builder().start();
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE gemcap");
        }
        var database = postgres.getDatabase("postgres", "gemcap");
        new ResourceDatabasePopulator(new ClassPathResource("upgrade/release-0.1.0-postgres/jobs.sql")).execute(database);
        emulator = GeminiEmulator.builder().build().start();
        // 0.1.0's settings: its default model, every image as it is, the model's own thinking and answer length
        cli = new GemcapCli(dir.resolve("home")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .set("spring.datasource.url", postgres.getJdbcUrl("postgres", "gemcap"))
                .set("spring.datasource.username", "postgres")
                .set("gemcap.gemini.model", "gemini-2.5-flash").set("gemcap.image.detail", "original")
                .set("gemcap.models.families.gemini-2.thinking-budget", "").set("gemcap.gemini.max-output-tokens", "0");
    }

    @AfterEach
    void stop() throws IOException {
        emulator.close();
        postgres.close();
        FileTrees.delete(RECORDED);
    }

    @Test
    void theNextNightKeepsTheOldLedgerAndRunsAndPaysOnlyForTheNewImages() {
        GemcapCli.Result next = cli.run("run", "--input", RECORDED.resolve("photos").toString(), "--output",
                RECORDED.resolve("out/captions.csv").toString(), "--endpoint", emulator.baseUrl());

        assertThat(next.exitCode()).as(next.err()).isZero();
        // run 2 of the same job: 0.1.0's run 1 was found
        assertThat(next.out()).contains("run 2 completed: 60 images");
        assertThat(emulator.calls()).isEqualTo(30);
        var rows = CsvFiles.records(RECORDED.resolve("out/captions.csv"));
        assertThat(rows).hasSize(60);
        assertThat(rows.stream().filter(r -> r.get("source").equals("ledger"))).hasSize(30)
                .allSatisfy(r -> assertThat(Integer.parseInt(r.get("path").replaceAll("\\D", ""))).isLessThan(30));
        JdbcTemplate jdbc = new JdbcTemplate(postgres.getDatabase("postgres", "gemcap"));
        assertThat(jdbc.queryForList("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\"", String.class))
                .contains("0", "1", "2", "3", "4");
    }
}
