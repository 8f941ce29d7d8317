package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

class StopRequestsTests {

    private final AtomicLong clock = new AtomicLong();
    private final JobRepository repository = mock(JobRepository.class);
    private final JobExecution running = new JobExecution(7L, new JobInstance(1L, "caption"), new JobParameters());
    private final StepExecution step = new StepExecution(3L, "caption", running);
    private final AtomicInteger stoppedSending = new AtomicInteger();
    private final RunStop runStop = new RunStop(stoppedSending::incrementAndGet);
    private final StopRequests stops = new StopRequests(step, repository, runStop, Duration.ofSeconds(2), clock::get);

    @Test
    void aStopMarkedInTheJobDatabaseByAnotherProcessIsSeenWithinTheIntervalDrainsTheRunAndFlagsTheStep() {
        JobExecution recorded = new JobExecution(7L, new JobInstance(1L, "caption"), new JobParameters());
        recorded.setStatus(BatchStatus.STARTED);
        when(repository.getJobExecution(anyLong())).thenReturn(recorded);

        // within the interval the database is not asked
        clock.set(Duration.ofSeconds(1).toNanos());
        assertThat(stops.asked()).isFalse();
        verify(repository, never()).getJobExecution(anyLong());

        // after it, it is asked once; still running
        clock.set(Duration.ofSeconds(2).toNanos());
        assertThat(stops.asked()).isFalse();

        // once another process marked it STOPPING, the next look sees it and flags the step
        recorded.setStatus(BatchStatus.STOPPING);
        clock.set(Duration.ofSeconds(4).toNanos());
        assertThat(stops.level(false)).isEqualTo(RunStop.Level.DRAIN);
        assertThat(step.isTerminateOnly()).isTrue();
        assertThat(stoppedSending.get()).isEqualTo(1);
        verify(repository, times(2)).getJobExecution(anyLong());
        // and seen again, it still only drains
        clock.set(Duration.ofSeconds(6).toNanos());
        assertThat(stops.level(true)).isEqualTo(RunStop.Level.DRAIN);
    }

    @Test
    void beforeACommitTheDatabaseIsAskedAtOnceWhateverTheInterval() {
        JobExecution recorded = new JobExecution(7L, new JobInstance(1L, "caption"), new JobParameters());
        recorded.setStatus(BatchStatus.STOPPING);
        when(repository.getJobExecution(anyLong())).thenReturn(recorded);

        clock.set(Duration.ofMillis(10).toNanos());
        assertThat(stops.level(false)).isEqualTo(RunStop.Level.NONE);
        assertThat(stops.level(true)).isEqualTo(RunStop.Level.DRAIN);
    }

    @Test
    void aSecondSignalAbandonsAndASignalBeforeItAnyLookDrains() {
        runStop.escalate();
        assertThat(stops.level(false)).isEqualTo(RunStop.Level.DRAIN);
        runStop.escalate();
        assertThat(stops.level(false)).isEqualTo(RunStop.Level.ABANDON);
        assertThat(step.isTerminateOnly()).isTrue();
        verify(repository, never()).getJobExecution(anyLong());
    }

    @Test
    void aStepFlaggedInThisProcessIsSeenAtOnceWithoutAskingTheDatabase() {
        step.setTerminateOnly();
        assertThat(stops.level(false)).isEqualTo(RunStop.Level.DRAIN);
        verify(repository, never()).getJobExecution(anyLong());
    }
}
