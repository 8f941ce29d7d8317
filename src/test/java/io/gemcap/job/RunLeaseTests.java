package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

class RunLeaseTests {

    private JdbcTemplate jdbc;
    private RunLease lease;

    @BeforeEach
    void database() {
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:lease" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1__baseline.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        lease = new RunLease(jdbc, Duration.ofMinutes(1), Duration.ofSeconds(10));
    }

    @Test
    void aHeldLeaseRefusesASecondRunAndNamesItsHolder() {
        try (RunLease.Held first = lease.acquire("job").lease()) {
            RunLease.Result second = lease.acquire("job");
            assertThat(second.lease()).isNull();
            assertThat(second.heldBy().host()).isEqualTo(RunOwner.host());
            assertThat(second.heldBy().pid()).isEqualTo(RunOwner.pid());
            // another job is not affected
            try (RunLease.Held other = lease.acquire("other-job").lease()) {
                assertThat(other).isNotNull();
            }
        }
        // released: the next run takes it
        try (RunLease.Held next = lease.acquire("job").lease()) {
            assertThat(next).isNotNull();
        }
    }

    @Test
    void aLeaseLeftByADeadProcessOnThisHostIsTakenOverAtOnce() {
        long deadPid = deadPid();
        jdbc.update("INSERT INTO gemcap_lease (job_key, token, host, pid, expires_at) VALUES (?, ?, ?, ?, ?)", "job", "old",
                RunOwner.host(), deadPid, Timestamp.from(Instant.now().plus(Duration.ofHours(1))));
        try (RunLease.Held taken = lease.acquire("job").lease()) {
            assertThat(taken).isNotNull();
        }
    }

    @Test
    void aLeaseFromAnotherHostHoldsUntilItExpires() {
        jdbc.update("INSERT INTO gemcap_lease (job_key, token, host, pid, expires_at) VALUES (?, ?, ?, ?, ?)", "job", "a",
                "other-host", 1, Timestamp.from(Instant.now().plus(Duration.ofMinutes(5))));
        assertThat(lease.acquire("job").heldBy().host()).isEqualTo("other-host");

        jdbc.update("UPDATE gemcap_lease SET expires_at = ? WHERE job_key = 'job'", Timestamp.from(Instant.now().minusSeconds(1)));
        try (RunLease.Held taken = lease.acquire("job").lease()) {
            assertThat(taken).isNotNull();
        }
    }

    private static long deadPid() {
        try {
            Process process = new ProcessBuilder("true").start();
            process.waitFor();
            return process.pid();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
