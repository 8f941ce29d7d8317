package io.gemcap.job.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes partitions and runs them, {@code slots} at a time, until asked to stop, or until nothing came to take for
 * {@code idleLimit}. A `worker` process takes them from the queue; a run's own process takes its own run's from the claims
 * table. What each slot does between partitions is to look again every {@code lookEvery}.
 */
public final class PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final String name;
    private final int slots;
    private final Supplier<Optional<PartitionClaims.Claimed>> take;
    private final Consumer<PartitionClaims.Claimed> run;
    private final Duration lookEvery;
    private final LongSupplier nanoTime;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong lastBusyNanos;
    private volatile boolean stopped;
    private final List<Thread> threads = new ArrayList<>();

    public PartitionWorker(String name, int slots, Supplier<Optional<PartitionClaims.Claimed>> take,
            Consumer<PartitionClaims.Claimed> run, Duration lookEvery, LongSupplier nanoTime) {
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot, was " + slots);
        }
        this.name = name;
        this.slots = slots;
        this.take = take;
        this.run = run;
        this.lookEvery = lookEvery;
        this.nanoTime = nanoTime;
        this.lastBusyNanos = new AtomicLong(nanoTime.getAsLong());
    }

    /** Starts the slots' threads; {@link #stopTaking} and {@link #join} end them. */
    public PartitionWorker start() {
        for (int slot = 1; slot <= slots; slot++) {
            Thread thread = new Thread(this::takeAndRun, name + "-" + slot);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    /** Takes nothing more; the partitions running go on to their end. */
    public void stopTaking() {
        stopped = true;
    }

    /** Waits for the slots to end (after {@link #stopTaking}, once their partitions have ended). */
    public void join() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Runs until {@code stop} says so or, with an {@code idleLimit}, nothing was taken or running for that long. */
    public void runUntil(BooleanSupplier stop, Duration idleLimit) throws InterruptedException {
        start();
        while (!stop.getAsBoolean() && !(idleLimit != null && idleFor().compareTo(idleLimit) >= 0)) {
            Thread.sleep(Math.min(lookEvery.toMillis(), 200));
        }
        stopTaking();
        join();
    }

    /** How long no partition has been running here. */
    public Duration idleFor() {
        return busy.get() > 0 ? Duration.ZERO : Duration.ofNanos(nanoTime.getAsLong() - lastBusyNanos.get());
    }

    private void takeAndRun() {
        while (!stopped) {
            Optional<PartitionClaims.Claimed> claimed;
            try {
                claimed = take.get();
            } catch (RuntimeException e) {
                log.warn("Could not take a partition: {}", e.getMessage());
                claimed = Optional.empty();
            }
            if (claimed.isEmpty()) {
                pause();
                continue;
            }
            busy.incrementAndGet();
            try {
                run.accept(claimed.get());
            } catch (RuntimeException e) {
                log.warn("Partition (step execution {}) ended with: {}", claimed.get().stepExecutionId(), e.getMessage());
            } finally {
                lastBusyNanos.set(nanoTime.getAsLong());
                busy.decrementAndGet();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(lookEvery.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
