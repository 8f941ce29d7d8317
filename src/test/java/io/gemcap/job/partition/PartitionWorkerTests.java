package io.gemcap.job.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A worker's slots, against a hand-moved clock: partitions taken and run, and leaving once idle. */
class PartitionWorkerTests {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void leavesOnceNothingWasTakenOrRunningForTheIdleLimitAndNotBefore() throws Exception {
        ConcurrentLinkedQueue<PartitionClaims.Claimed> queue = new ConcurrentLinkedQueue<>(List.of(
                new PartitionClaims.Claimed(11, 7, "a"), new PartitionClaims.Claimed(12, 7, "b")));
        ConcurrentLinkedQueue<Long> ran = new ConcurrentLinkedQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        PartitionWorker worker = new PartitionWorker("test", 1, () -> Optional.ofNullable(queue.poll()), claimed -> {
            ran.add(claimed.stepExecutionId());
            if (claimed.stepExecutionId() == 12) {
                await(release);
            }
        }, Duration.ofMillis(10), nanos::get);

        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                worker.runUntil(() -> false, Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        nanos.addAndGet(Duration.ofMinutes(10).toNanos());
        Thread.sleep(300);
        assertThat(running).as("a partition still running is not idleness").isNotDone();

        release.countDown();
        // (the clock moves a nanosecond a look: a slot no longer busy has been idle since its partition ended)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> nanos.incrementAndGet() > 0 && !worker.idleFor().isZero());
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        Thread.sleep(300);
        assertThat(running).as("idle for 4 of 5 minutes").isNotDone();
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());

        running.get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly(11L, 12L);
    }

    @Test
    void aPartitionThatThrowsDoesNotEndTheSlot() throws Exception {
        ConcurrentLinkedQueue<PartitionClaims.Claimed> queue = new ConcurrentLinkedQueue<>(List.of(
                new PartitionClaims.Claimed(11, 7, "a"), new PartitionClaims.Claimed(12, 7, "b")));
        ConcurrentLinkedQueue<Long> ran = new ConcurrentLinkedQueue<>();
        PartitionWorker worker = new PartitionWorker("test", 1, () -> Optional.ofNullable(queue.poll()), claimed -> {
            ran.add(claimed.stepExecutionId());
            throw new IllegalStateException("the run's settings are gone");
        }, Duration.ofMillis(10), nanos::get).start();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        worker.stopTaking();
        worker.join();
        assertThat(ran).containsExactly(11L, 12L);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
