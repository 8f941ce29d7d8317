package io.gemcap.job.partition;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * Runs a run's partitions as threads of this process, {@code threads} at a time, started in walk order (Spring Batch's
 * {@code TaskExecutorPartitionHandler} starts them in no order). Once the run is asked to stop, or a partition ended
 * without completing, no further partition starts: those left are marked STOPPED, and a restart runs them.
 */
public final class WalkPartitionHandler extends AbstractPartitionHandler {

    private final Step step;
    private final int threads;
    private final JobRepository jobRepository;
    private final BooleanSupplier stopAsked;

    public WalkPartitionHandler(Step step, int gridSize, int threads, JobRepository jobRepository, BooleanSupplier stopAsked) {
        this.step = step;
        this.threads = threads;
        this.jobRepository = jobRepository;
        this.stopAsked = stopAsked;
        setGridSize(gridSize);
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparing(StepExecution::getStepName));
        Semaphore slots = new Semaphore(threads);
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "gemcap-partition-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Future<StepExecution>> running = new ArrayList<>();
        Set<StepExecution> handled = new LinkedHashSet<>();
        AtomicBoolean unsuccessful = new AtomicBoolean();
        try {
            for (StepExecution partition : ordered) {
                slots.acquire();
                if (stopAsked.getAsBoolean() || unsuccessful.get()) {
                    slots.release();
                    leftForRestart(partition);
                    handled.add(partition);
                    continue;
                }
                running.add(pool.submit(() -> {
                    try {
                        step.execute(partition);
                        if (partition.getStatus() != BatchStatus.COMPLETED) {
                            unsuccessful.set(true);
                        }
                        return partition;
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<StepExecution> partition : running) {
                handled.add(partition.get());
            }
        } finally {
            pool.shutdown();
        }
        return handled;
    }

    /** A partition never started: STOPPED, so that the manager ends unfinished and a restart runs it. */
    private void leftForRestart(StepExecution partition) {
        partition.setStatus(BatchStatus.STOPPED);
        partition.setExitStatus(ExitStatus.STOPPED.addExitDescription("not started: the run was stopping"));
        partition.setStartTime(partition.getStartTime() == null ? LocalDateTime.now() : partition.getStartTime());
        partition.setEndTime(LocalDateTime.now());
        jobRepository.update(partition);
    }
}
