package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PartitionsFunctionalTests} on a real PostgreSQL server, which the test starts itself. */
class PostgresPartitionsFunctionalTests extends PartitionsFunctionalTests {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    GemcapCli cli(String name) throws Exception {
        String database = "gemcap_" + name + "_" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return new GemcapCli(dir.resolve("home-" + name)).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY)
                .set("spring.datasource.url", postgres.getJdbcUrl("postgres", database))
                .set("spring.datasource.username", "postgres");
    }

    @Test
    void statusAndJobsShowWhichWorkerHoldsEachPartitionAndHowLongAgoItWasHeardFrom() throws Exception {
        // given a run of 4 partitions sent to workers, none working here (--no-local-work), none yet taken
        for (int i = 0; i < 40; i++) {
            TestImages.write(input.resolve(String.format("img%02d.png", i)), TestImages.png(12, 12, i));
        }
        GemcapCli cli = cli("workers").set("gemcap.job.worker-silence", "10m");
        Process run = ChildJvm.start(cli, List.of("run", "--input", input.toString(), "--output", dir.resolve("captions.csv").toString(),
                "--endpoint", emulator.baseUrl(), "--partitions", "4", "--no-local-work"), dir.resolve("run.log"));
        try {
            // (the job database's tables come with the run's start)
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> !run.isAlive() || cli.jdbc().queryForObject(
                    "SELECT COUNT(*) FROM gemcap_partition", Long.class) == 4);
            assertThat(run.isAlive()).as("run ended early; see " + dir.resolve("run.log")).isTrue();
            long id = cli.lastExecutionId();
            List<Long> steps = cli.jdbc().queryForList("SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                    + " AND STEP_NAME LIKE 'captionPartition:%' ORDER BY STEP_NAME", Long.class, id);
            // and two of them taken by workers on other hosts, as a worker takes one: one silent for 45 s and sent twice
            String take = "UPDATE gemcap_partition SET claim = ?, worker = ?, sends = ?, claimed_at = CURRENT_TIMESTAMP,"
                    + " heartbeat_at = CURRENT_TIMESTAMP - INTERVAL '%s' SECOND WHERE step_execution_id = ?";
            cli.jdbc().update(take.formatted(45), "claim-1", "hostB pid 81", 2, steps.get(1));
            cli.jdbc().update(take.formatted(0), "claim-2", "hostC pid 7", 1, steps.get(2));
            cli.jdbc().update("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'STARTED' WHERE STEP_EXECUTION_ID IN (?, ?)", steps.get(1),
                    steps.get(2));

            GemcapCli.Result status = cli.run("status", String.valueOf(id));
            GemcapCli.Result jobs = cli.run("jobs");

            // then status says where each is and how long ago its worker was last heard from, by the database's clock
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).contains("split    4 partitions: 2 STARTING, 2 STARTED; running on 2 hosts")
                    .containsPattern("p000000  STARTING  1-10   0/10 rows  sent, not taken by a worker yet\n")
                    .containsPattern("p000001  STARTED   11-20  0/10 rows  worker hostB pid 81  heartbeat (4[5-9]|[5-9]\\d) s ago"
                            + "  \\(sent 2 times\\)\n")
                    .containsPattern("p000002  STARTED   21-30  0/10 rows  worker hostC pid 7  heartbeat \\d s ago\n")
                    .containsPattern("p000003  STARTING  31-40  0/10 rows  sent, not taken by a worker yet\n");
            // and jobs counts them under the run
            assertThat(jobs.out()).containsPattern("\n {9}0/4 partitions done, 2 running on 2 hosts, 2 waiting\n");
        } finally {
            run.destroyForcibly().waitFor();
        }
    }
}
