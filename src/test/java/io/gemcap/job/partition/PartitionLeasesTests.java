package io.gemcap.job.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.JobDatabase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

/** A worker's leases on its partitions, against a hand-moved clock: what a pause past the allowed silence does. */
class PartitionLeasesTests {

    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final Duration HEARTBEAT = Duration.ofHours(1);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private JdbcTemplate jdbc;
    private PartitionClaims claims;
    private PartitionLeases leases;

    @BeforeEach
    void freshDatabase() {
        DataSource dataSource = JobDatabase.POSTGRESQL.fresh();
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        claims = new PartitionClaims(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        jdbc.update("INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY) VALUES (1, 0, 'caption', 'k')");
        jdbc.update("INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, VERSION, JOB_INSTANCE_ID, CREATE_TIME, STATUS) VALUES (7, 0, 1,"
                + " CURRENT_TIMESTAMP, 'STARTED')");
        jdbc.update("INSERT INTO BATCH_STEP_EXECUTION (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, STATUS)"
                + " VALUES (11, 0, 'captionPartition:p000000', 7, CURRENT_TIMESTAMP, 'STARTED')");
        claims.sent(11, 7);
        // (the heartbeat thread never runs in these tests: renewals happen when the test, or a call, asks)
        leases = new PartitionLeases(claims, SILENCE.plus(HEARTBEAT), HEARTBEAT, nanos::get);
    }

    @AfterEach
    void close() {
        leases.close();
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aPartitionOfThisProcessAloneIsNeverHeldBack() {
        advance(Duration.ofDays(1));
        assertThat(leases.maySend(99)).isTrue();
    }

    @Test
    void afterAPausePastTheTrustedTimeACallWaitsForARenewalWhichKeepsAClaimStillHeld() {
        PartitionLeases.Lease lease = leases.hold(claims.claim(11, "hostA pid 1").orElseThrow());
        assertThat(lease.valid()).isTrue();

        advance(SILENCE.plusSeconds(1));

        assertThat(lease.valid()).as("trusted for the silence allowed less one heartbeat only").isFalse();
        assertThat(leases.maySend(11)).as("renewed, still held").isTrue();
        assertThat(lease.valid()).isTrue();
    }

    @Test
    void aClaimSentToAnotherWorkerDuringThePauseIsLostForGood() {
        PartitionLeases.Lease lease = leases.hold(claims.claim(11, "hostA pid 1").orElseThrow());
        advance(SILENCE.plusSeconds(1));
        jdbc.update("UPDATE gemcap_partition SET heartbeat_at = CURRENT_TIMESTAMP - INTERVAL '1 minute'");
        assertThat(claims.releaseSilent(claims.held(7).get(0), SILENCE)).isTrue();
        claims.claim(11, "hostB pid 2").orElseThrow();

        assertThat(leases.maySend(11)).isFalse();
        assertThat(lease.lost()).isTrue();
        advance(Duration.ofSeconds(-SILENCE.toSeconds()));
        assertThat(leases.maySend(11)).as("never again").isFalse();
    }

    @Test
    void theHeartbeatRenewsEveryClaimHeld() {
        PartitionLeases.Lease lease = leases.hold(claims.claim(11, "hostA pid 1").orElseThrow());
        jdbc.update("UPDATE gemcap_partition SET heartbeat_at = CURRENT_TIMESTAMP - INTERVAL '20 seconds'");
        advance(Duration.ofSeconds(20));

        leases.renewAll();

        assertThat(claims.held(7).get(0).silentFor()).isLessThan(Duration.ofSeconds(5));
        assertThat(lease.valid()).isTrue();
    }
}
