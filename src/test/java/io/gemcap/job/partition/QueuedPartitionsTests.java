package io.gemcap.job.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.JobDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue of partition requests in a real PostgreSQL job database, as the run sends them and workers take them. */
class QueuedPartitionsTests {

    private JdbcTemplate jdbc;
    private PartitionClaims claims;
    private org.springframework.integration.channel.QueueChannel channel;
    private QueuedPartitions queue;
    private PartitionRunner runner;

    @BeforeEach
    void freshDatabase() {
        DataSource dataSource = JobDatabase.POSTGRESQL.fresh();
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        claims = new PartitionClaims(jdbc, new TransactionTemplate(transactions));
        RemotePartitioningConfiguration configuration = new RemotePartitioningConfiguration();
        var store = configuration.partitionRequestStore(dataSource);
        store.afterPropertiesSet();
        channel = configuration.partitionRequests(store);
        queue = configuration.queuedPartitions(channel, claims, transactions);
        runner = new PartitionRunner(RemotePartitioningConfiguration.WORKER_STEP, null, null, null, partition -> java.util.Optional.empty());
        jdbc.update("INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY) VALUES (1, 0, 'caption', 'k')");
        jdbc.update("INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, VERSION, JOB_INSTANCE_ID, CREATE_TIME, STATUS) VALUES (7, 0, 1,"
                + " CURRENT_TIMESTAMP, 'STARTED')");
    }

    private void send(long partition) {
        jdbc.update("INSERT INTO BATCH_STEP_EXECUTION (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, STATUS)"
                + " VALUES (?, 0, ?, 7, CURRENT_TIMESTAMP, 'STARTING')", partition, "captionPartition:p" + partition);
        claims.sent(partition, 7);
        channel.send(MessageBuilder.withPayload(runner.request(partition)).build());
    }

    @Test
    void requestsAreTakenInTheOrderSentAndEachOnce() {
        send(11);
        send(12);

        assertThat(queue.take("hostA pid 1")).get().extracting(PartitionClaims.Claimed::stepExecutionId).isEqualTo(11L);
        assertThat(queue.take("hostB pid 2")).get().extracting(PartitionClaims.Claimed::stepExecutionId).isEqualTo(12L);
        assertThat(queue.take("hostA pid 1")).isEmpty();
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void aRequestForAPartitionSomeoneHoldsIsDroppedAndTheNextOneTaken() {
        send(11);
        send(12);
        claims.claim(11, "the run's process").orElseThrow();

        assertThat(queue.take("hostA pid 1")).get().extracting(PartitionClaims.Claimed::stepExecutionId).isEqualTo(12L);
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void aRequestThatCannotBeReadIsDroppedRatherThanStoppingEveryWorker() {
        send(11);
        // (sent before it, by its creation time: the first a worker comes to)
        String group = jdbc.queryForObject("SELECT GROUP_KEY FROM INT_CHANNEL_MESSAGE LIMIT 1", String.class);
        jdbc.update("INSERT INTO INT_CHANNEL_MESSAGE (MESSAGE_ID, GROUP_KEY, CREATED_DATE, MESSAGE_CONTENT, REGION) VALUES (?, ?, 0, ?, 'DEFAULT')",
                java.util.UUID.randomUUID().toString(), group, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1});

        assertThat(queue.take("hostA pid 1")).get().extracting(PartitionClaims.Claimed::stepExecutionId).isEqualTo(11L);
        assertThat(queue.waiting()).isZero();
    }
}
