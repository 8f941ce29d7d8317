package io.gemcap.job.partition;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this process holds by claim, renewed every {@code heartbeat}. A partition's claim is good for sending a
 * call only while its last renewal is recent enough that the manager cannot yet have taken this process for dead: after a
 * pause (SIGSTOP, a frozen VM, a long GC) past that, nothing more is sent until a renewal says the claim is still held,
 * and once one says it is not, nothing ever is. The commit's own check ({@link PartitionClaims#check}) covers the rest.
 */
public final class PartitionLeases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionLeases.class);

    private final PartitionClaims claims;
    private final long validNanos;
    private final LongSupplier nanoTime;
    private final Map<Long, Lease> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat;

    /**
     * @param silence how long the manager lets a worker be silent before sending its partition again
     * @param every how often claims are renewed: a claim is trusted for {@code silence - every} after its last renewal
     */
    public PartitionLeases(PartitionClaims claims, Duration silence, Duration every, LongSupplier nanoTime) {
        if (every.compareTo(silence) >= 0) {
            throw new IllegalArgumentException("the heartbeat (" + every + ") must be shorter than the silence a worker is allowed ("
                    + silence + ")");
        }
        this.claims = claims;
        this.validNanos = silence.minus(every).toNanos();
        this.nanoTime = nanoTime;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gemcap-partition-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::renewAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One claimed partition of this process. */
    public final class Lease {

        private final PartitionClaims.Claimed claimed;
        private volatile long renewedNanos;
        private volatile boolean lost;

        private Lease(PartitionClaims.Claimed claimed, long renewedNanos) {
            this.claimed = claimed;
            this.renewedNanos = renewedNanos;
        }

        public PartitionClaims.Claimed claimed() {
            return claimed;
        }

        /** Whether a call may be sent for the partition now. */
        public boolean valid() {
            return !lost && nanoTime.getAsLong() - renewedNanos < validNanos;
        }

        /** Whether the partition was sent to another worker: nothing of it is committed here any more. */
        public boolean lost() {
            return lost;
        }

        /** Renews the claim now; before this, a call waits on a renewal if the last one is too old. */
        void renew() {
            long asked = nanoTime.getAsLong();
            if (lost) {
                return;
            }
            if (claims.renew(claimed)) {
                renewedNanos = asked;
            } else {
                lost = true;
                log.warn("Partition (step execution {}) was sent to another worker while this one was silent: its work here is dropped",
                        claimed.stepExecutionId());
            }
        }
    }

    /** Holds a claimed partition until {@link #release}. */
    public Lease hold(PartitionClaims.Claimed claimed) {
        Lease lease = new Lease(claimed, nanoTime.getAsLong());
        held.put(claimed.stepExecutionId(), lease);
        return lease;
    }

    public Optional<Lease> of(long stepExecutionId) {
        return Optional.ofNullable(held.get(stepExecutionId));
    }

    /**
     * Whether a call may go out for the partition: a partition of this process alone (no claim) always; one whose claim
     * was last renewed too long ago, after renewing it now.
     */
    public boolean maySend(long stepExecutionId) {
        Lease lease = held.get(stepExecutionId);
        if (lease == null || lease.valid()) {
            return true;
        }
        lease.renew();
        return lease.valid();
    }

    public void release(long stepExecutionId) {
        held.remove(stepExecutionId);
    }

    /** Renews every claim; a failed renewal (the database unreachable) leaves the claim to age, so calls stop in time. */
    void renewAll() {
        for (Lease lease : held.values()) {
            try {
                lease.renew();
            } catch (RuntimeException e) {
                log.warn("Could not renew the claim of partition (step execution {}): {}", lease.claimed.stepExecutionId(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
