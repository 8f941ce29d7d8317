package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;

class OrphanedRunsTests {

    private JobRepository recorded;
    private JobExecution killed;
    private StepExecution heldByWorker;

    @BeforeEach
    void aPartitionedRunWhoseProcessWasKilledWhileAWorkerGoesOn() throws Exception {
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:orphans" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-h2.sql")).execute(dataSource);
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(new JdbcTransactionManager(dataSource));
        factory.afterPropertiesSet();
        recorded = factory.getObject();
        JobParameters parameters = new JobParameters();
        killed = recorded.createJobExecution(recorded.createJobInstance("caption", parameters), parameters, new ExecutionContext());
        killed.setStatus(BatchStatus.STARTED);
        recorded.update(killed);
        StepExecution done = recorded.createStepExecution("captionPartition:p000000", killed);
        done.setStatus(BatchStatus.COMPLETED);
        recorded.update(done);
        heldByWorker = recorded.createStepExecution("captionPartition:p000001", killed);
        heldByWorker.setStatus(BatchStatus.STARTED);
        recorded.update(heldByWorker);
    }

    @Test
    void aWorkersCommitBetweenReadingTheRunAndMarkingItsPartitionIsReadAgainAndTheRunIsRecovered() throws Exception {
        // given a job repository in which the worker commits a chunk of its partition just before the partition is marked
        AtomicBoolean committed = new AtomicBoolean();
        JobRepository withWorker = (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("update") && args[0] instanceof StepExecution step && step.getId() == heldByWorker.getId()
                            && committed.compareAndSet(false, true)) {
                        StepExecution workers = recorded.getStepExecution(step.getId());
                        workers.incrementCommitCount();
                        recorded.update(workers);
                    }
                    try {
                        return method.invoke(recorded, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
        operator.setJobRepository(withWorker);
        operator.setJobRegistry(new MapJobRegistry());
        operator.afterPropertiesSet();

        // when the same command recovers the run
        JobExecution recovered = new OrphanedRuns(operator, withWorker).recover(killed.getId());

        // then the run and the worker's partition are FAILED, ready to be started again; the finished one stays COMPLETED
        assertThat(committed).isTrue();
        assertThat(recovered.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(recorded.getJobExecution(killed.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(recorded.getStepExecution(heldByWorker.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(recorded.getStepExecution(heldByWorker.getId()).getCommitCount()).as("the worker's commit").isEqualTo(1);
        assertThat(recorded.getJobExecution(killed.getId()).getStepExecutions()).extracting(StepExecution::getStatus)
                .containsExactlyInAnyOrder(BatchStatus.COMPLETED, BatchStatus.FAILED);
    }

    @Test
    void aRunAlreadyRecoveredByAnotherProcessIsLeftAsItIs() throws Exception {
        TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
        operator.setJobRepository(recorded);
        operator.setJobRegistry(new MapJobRegistry());
        operator.afterPropertiesSet();
        JobExecution first = new OrphanedRuns(operator, recorded).recover(killed.getId());

        JobExecution second = new OrphanedRuns(operator, recorded).recover(killed.getId());

        assertThat(second.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(second.getEndTime()).isEqualTo(first.getEndTime());
    }
}
