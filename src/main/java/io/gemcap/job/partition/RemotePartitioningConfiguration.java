package io.gemcap.job.partition;

import io.gemcap.job.JobSettings;
import io.gemcap.job.RunParameters;
import io.gemcap.source.Buckets;
import io.gemcap.source.ImageSources;
import io.gemcap.jobdb.Dialect;
import io.gemcap.jobdb.RunSettings;
import javax.sql.DataSource;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.H2ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What remote partitioning needs in every process: the queue of partition requests (a Spring Integration channel kept in
 * the job database, no broker), the partition claims, this process's leases on the partitions it holds, and the runner
 * of a claimed partition.
 */
@Configuration
public class RemotePartitioningConfiguration {

    /** The queue's group in INT_CHANNEL_MESSAGE: one queue per job database, shared by every job on it. */
    static final String QUEUE = "gemcap-partitions";
    /** The worker step's name in a request; the bean {@code captionPartitionStep}. */
    public static final String WORKER_STEP = "captionPartitionStep";

    @Bean
    public JdbcChannelMessageStore partitionRequestStore(DataSource dataSource) {
        JdbcChannelMessageStore store = new JdbcChannelMessageStore(dataSource);
        store.setChannelMessageStoreQueryProvider(Dialect.of(dataSource) == Dialect.POSTGRESQL
                ? new PostgresChannelMessageStoreQueryProvider() : new H2ChannelMessageStoreQueryProvider());
        // A request is read back by deserialising it: only a message of Spring Batch's request may be (the message, its
        // headers' map, id and timestamp, the request).
        store.addAllowedPatterns("org.springframework.messaging.support.GenericMessage", "org.springframework.messaging.MessageHeaders",
                "java.util.HashMap", "java.util.UUID", "org.springframework.batch.integration.partition.StepExecutionRequest");
        return store;
    }

    @Bean
    public QueueChannel partitionRequests(JdbcChannelMessageStore partitionRequestStore) {
        return new QueueChannel(new MessageGroupQueue(partitionRequestStore, QUEUE));
    }

    /** The run's settings, kept for the workers: they build the run's captioner from them, with a key of their own. */
    @Bean
    public RunSettings runSettings(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new RunSettings(jdbc, transactionManager);
    }

    @Bean
    public PartitionClaims partitionClaims(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new PartitionClaims(jdbc, new TransactionTemplate(transactionManager));
    }

    @Bean(destroyMethod = "close")
    public PartitionLeases partitionLeases(PartitionClaims partitionClaims, JobSettings settings) {
        return new PartitionLeases(partitionClaims, settings.workerSilence(), settings.heartbeatInterval(), System::nanoTime);
    }

    @Bean
    public PartitionRunner partitionRunner(@Qualifier(WORKER_STEP) Step captionPartitionStep, JobRepository jobRepository,
            PartitionLeases partitionLeases, Buckets buckets) {
        return new PartitionRunner(WORKER_STEP, captionPartitionStep, jobRepository, partitionLeases,
                partition -> ImageSources.problemReading(RunParameters.of(partition.getJobParameters()).input(), buckets));
    }

    /** Takes a request from the queue and claims its partition in one transaction: a worker killed between loses neither. */
    @Bean
    public QueuedPartitions queuedPartitions(QueueChannel partitionRequests, PartitionClaims partitionClaims,
            PlatformTransactionManager transactionManager) {
        return new QueuedPartitions(partitionRequests, partitionClaims, new TransactionTemplate(transactionManager));
    }
}
