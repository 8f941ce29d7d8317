package io.gemcap.job.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.testing.JobDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

/** Claims on a real PostgreSQL job database, as workers and the run's process take and keep partitions. */
class PartitionClaimsTests {

    private static final Duration SILENCE = Duration.ofSeconds(30);

    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private PartitionClaims claims;

    @BeforeEach
    void freshDatabase() {
        dataSource = JobDatabase.POSTGRESQL.fresh();
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        claims = new PartitionClaims(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        jdbc.update("INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY) VALUES (1, 0, 'caption', 'k')");
        jdbc.update("INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, VERSION, JOB_INSTANCE_ID, CREATE_TIME, STATUS) VALUES (7, 0, 1,"
                + " CURRENT_TIMESTAMP, 'STARTED')");
    }

    /** A partition step execution of run 7, sent to workers. */
    private long partition(long id, String name) {
        jdbc.update("INSERT INTO BATCH_STEP_EXECUTION (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, STATUS)"
                + " VALUES (?, 0, ?, 7, CURRENT_TIMESTAMP, 'STARTING')", id, "captionPartition:" + name);
        claims.sent(id, 7);
        return id;
    }

    private void silentFor(long partition, Duration silence) {
        jdbc.update("UPDATE gemcap_partition SET heartbeat_at = CURRENT_TIMESTAMP - make_interval(secs => ?) WHERE step_execution_id = ?",
                (double) silence.toSeconds(), partition);
    }

    @Test
    void aPartitionIsTakenByOneWorkerOnly() {
        long partition = partition(11, "p000000");

        Optional<PartitionClaims.Claimed> first = claims.claim(partition, "hostA pid 1");
        Optional<PartitionClaims.Claimed> second = claims.claim(partition, "hostB pid 2");

        assertThat(first).get().extracting(PartitionClaims.Claimed::jobExecutionId).isEqualTo(7L);
        assertThat(second).isEmpty();
        assertThat(claims.held(7)).singleElement().extracting(PartitionClaims.Held::worker).isEqualTo("hostA pid 1");
    }

    @Test
    void nothingOfARunThatEndedOrOfAPartitionThatEndedIsTakenOrKept() {
        long ended = partition(11, "p000000");
        long open = partition(12, "p000001");
        PartitionClaims.Claimed held = claims.claim(open, "hostA pid 1").orElseThrow();
        jdbc.update("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'COMPLETED' WHERE STEP_EXECUTION_ID = ?", ended);

        assertThat(claims.claim(ended, "hostB pid 2")).as("a request for a partition that completed is dropped").isEmpty();
        assertThat(claims.renew(held)).isTrue();

        // the run's process died and the run was recovered (FAILED): its workers lose their claims
        jdbc.update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'FAILED' WHERE JOB_EXECUTION_ID = 7");
        assertThat(claims.renew(held)).isFalse();
        assertThatThrownBy(() -> claims.check(held)).isInstanceOf(PartitionLostException.class);
    }

    @Test
    void aSilentWorkersPartitionIsReleasedOnlyPastTheSilenceAndItsNextCommitFails() {
        long partition = partition(11, "p000000");
        PartitionClaims.Claimed silent = claims.claim(partition, "hostA pid 1").orElseThrow();

        silentFor(partition, Duration.ofSeconds(20));
        PartitionClaims.Held recent = claims.held(7).get(0);
        assertThat(recent.silentFor()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(25));
        assertThat(claims.releaseSilent(recent, SILENCE)).as("20 s of silence is allowed").isFalse();

        silentFor(partition, Duration.ofSeconds(40));
        assertThat(claims.releaseSilent(claims.held(7).get(0), SILENCE)).isTrue();

        assertThatThrownBy(() -> claims.check(silent)).isInstanceOf(PartitionLostException.class);
        assertThat(jdbc.queryForObject("SELECT VERSION FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = ?", Integer.class, partition))
                .as("whatever the silent worker records of the partition from now on is refused as stale").isEqualTo(1);
        Optional<PartitionClaims.Claimed> taken = claims.claim(partition, "hostB pid 2");
        assertThat(taken).isPresent();
        assertThat(claims.held(7)).singleElement().satisfies(held -> {
            assertThat(held.worker()).isEqualTo("hostB pid 2");
            assertThat(held.sends()).isEqualTo(2);
        });
    }

    @Test
    void aCommitThatCheckedItsClaimKeepsItAndTheManagerDoesNotWaitForIt() throws Exception {
        // (a chunk whose transaction began long ago: its check must not set the heartbeat back to that moment)
        long partition = partition(11, "p000000");
        PartitionClaims.Claimed claimed = claims.claim(partition, "hostA pid 1").orElseThrow();
        silentFor(partition, Duration.ofSeconds(40));
        PartitionClaims.Held seenSilent = claims.held(7).get(0);
        DataSourceTransactionManager chunkTransactions = new DataSourceTransactionManager(dataSource);

        new TransactionTemplate(chunkTransactions).executeWithoutResult(chunk -> {
            claims.check(claimed);
            // the manager, meanwhile, tries to send the partition again: it neither waits for the commit nor takes the claim
            CompletableFuture<Boolean> released = CompletableFuture.supplyAsync(() -> claims.releaseSilent(seenSilent, SILENCE));
            assertThat(released).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
        });

        assertThat(claims.releaseSilent(claims.held(7).get(0), SILENCE)).as("once committed, a claim still silent is released")
                .isTrue();
        assertThatThrownBy(() -> claims.check(claimed)).isInstanceOf(PartitionLostException.class);
    }

    @Test
    void theRunsProcessTakesItsFreePartitionsInWalkOrderAndAStoppingRunClosesTheRest() {
        partition(13, "p000002");
        partition(11, "p000000");
        partition(12, "p000001");

        assertThat(claims.claimNext(7, "manager")).get().extracting(PartitionClaims.Claimed::stepExecutionId).isEqualTo(11L);
        assertThat(claims.claimNext(7, "manager")).get().extracting(PartitionClaims.Claimed::stepExecutionId).isEqualTo(12L);

        assertThat(claims.closeUnclaimed(7)).containsExactly(13L);
        assertThat(claims.claimNext(7, "manager")).isEmpty();
        assertThat(claims.claim(13, "hostB pid 2")).as("a closed partition's request is dropped").isEmpty();
        assertThat(claims.held(7)).extracting(PartitionClaims.Held::stepExecutionId).containsExactlyInAnyOrder(11L, 12L);
    }

    @Test
    void aStoppingRunClosesASilentWorkersPartitionOnlyPastTheSilence() {
        long partition = partition(11, "p000000");
        claims.claim(partition, "hostA pid 1").orElseThrow();
        assertThat(claims.closeSilent(claims.held(7).get(0), SILENCE)).isFalse();
        silentFor(partition, Duration.ofSeconds(40));
        assertThat(claims.closeSilent(claims.held(7).get(0), SILENCE)).isTrue();
        assertThat(claims.held(7)).isEmpty();
        assertThat(List.of(claims.claim(partition, "hostB pid 2"))).containsExactly(Optional.empty());
    }
}
