package io.gemcap.policy;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * A process's way through its pool's quota: it leases slots from the {@link QuotaPool} (about a second's worth per
 * round trip, see {@link QuotaState}) and hands them to its workers one at a time, each at its own time, so requests
 * stay evenly spaced inside the process too. (resilience4j's rate limiter refreshes permits per cycle, so two permits
 * can fall back to back across a cycle boundary: at 300 RPM that put six calls in one second and drew 429s from a
 * service enforcing five per second.) A slot more than one interval late is skipped rather than sent in a burst with
 * the next. A 429 skips the slots this process holds within the server's delay and tells the pool, which moves
 * every process's next slot past it and may lower the rate.
 *
 * <p>Calls answered are counted here and reported with the next lease; unused slots of a lease go back to the day's
 * count. Thread-safe.
 */
public final class PacedQuotaGate implements QuotaGate {

    /** Waits up to the given nanoseconds (tests pass one that moves their clock). */
    @FunctionalInterface
    public interface Waits {
        void park(long nanos);
    }

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PacedQuotaGate.class);
    private static final long NOT_YET = Long.MIN_VALUE;
    /** How far ahead of its last slot a process may lease the next ones: enough for the round trip, no hoarding. */
    private static final long LEASE_AHEAD_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long ABANDON_CHECK_NANOS = Duration.ofMillis(100).toNanos();
    /** The first calls of a process run cold code and arrive late by more than the spacing's slack: give them room. */
    private static final int WARM_UP_SLOTS = 20;
    private static final double WARM_UP_STRETCH = 1.1;
    /** A request's worst case for the spend limit: its predicted input tokens and a tenth (as the budget counts it). */
    private static final double WORST_CASE_TOKENS = 1.1;

    private final QuotaPool pool;
    private final String poolName;
    private final LimitSettings limits;
    private final RequestCost cost;
    private final boolean learns;
    private final LongSupplier nanoTime;
    private final Waits waits;
    private final AtomicLong answered = new AtomicLong();
    private QuotaState.Slice slice;
    /** Local nanoTime minus the pool's clock in nanoseconds, as of the last lease. */
    private long offsetNanos;
    private int taken;
    private int used;
    /** No request before this local time: the service's delay after a 429. */
    private long pushedUntil;
    private long leaseNotBefore;
    private long slotsLeased;
    private long unused;
    private String unusedDay;
    private boolean warnedOfLowerLimits;
    /** Whether the pool has this process's limits (to withdraw them when it ends). */
    private boolean asked;
    private volatile double requestsPerSecond;
    private volatile double tokensPerRequest;
    private volatile double tokenCorrection = 1.0;
    private volatile boolean abandoned;

    /** What a request of so many input tokens may cost at worst (its longest answer included), in USD. */
    @FunctionalInterface
    public interface RequestCost {
        double usd(double inputTokens);

        RequestCost UNKNOWN = tokens -> 0;
    }

    /**
     * @param learns whether 429s teach the pool a rate: with a configured rate, or on Vertex AI's dynamic quota
     *     (then {@code limits} carry no rate and the learnt one alone paces)
     * @param cost for the spend limit per 10 minutes
     */
    public PacedQuotaGate(QuotaPool pool, String poolName, LimitSettings limits, boolean learns, RequestCost cost, LongSupplier nanoTime,
            Waits waits) {
        this.cost = cost;
        this.pool = pool;
        this.poolName = poolName;
        this.limits = limits;
        this.learns = learns;
        this.nanoTime = nanoTime;
        this.waits = waits;
        this.requestsPerSecond = limits.rpm() * limits.quotaShare() / 60.0;
    }

    public PacedQuotaGate(QuotaPool pool, String poolName, LimitSettings limits, boolean learns, RequestCost cost) {
        this(pool, poolName, limits, learns, cost, System::nanoTime, LockSupport::parkNanos);
    }

    PacedQuotaGate(QuotaPool pool, LimitSettings limits, boolean learns) {
        this(pool, "this process's", limits, learns, RequestCost.UNKNOWN);
    }

    @Override
    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    @Override
    public void acquire(int estimatedTokens) {
        double tokens = Math.max(1, estimatedTokens * tokenCorrection);
        tokensPerRequest = tokensPerRequest == 0 ? tokens : 0.9 * tokensPerRequest + 0.1 * tokens;
        if (abandoned) {
            throw new CallAbandonedException();
        }
        sleepUntil(nextSlot());
    }

    /** The local time of this request's slot, once this process may lease it. */
    long nextSlot() {
        while (true) {
            long slot = takeSlot();
            if (slot != NOT_YET) {
                return slot;
            }
            sleepUntil(leaseNotBefore);
        }
    }

    @Override
    public void abandon() {
        abandoned = true;
    }

    @Override
    public synchronized void rateLimited(Duration retryAfter) {
        // The slots held stay this process's: those the delay falls on are skipped, the rest are used. Dropping them
        // would waste them, since the pool's next slot lies after them.
        pushedUntil = Math.max(pushedUntil, nanoTime.getAsLong() + (retryAfter == null ? Duration.ofSeconds(1) : retryAfter).toNanos());
        LOG.debug("quota pool {}: 429, waiting {}", poolName, retryAfter);
        pool.rateLimited(demand(false), retryAfter);
    }

    /** A call got through: the token estimate learns from the reported count, and the pool's rate from the call. */
    @Override
    public void succeeded(int estimatedTokens, Integer reportedPromptTokens) {
        if (reportedPromptTokens != null && estimatedTokens > 0) {
            tokenCorrection = 0.9 * tokenCorrection + 0.1 * ((double) reportedPromptTokens / estimatedTokens);
        }
        answered.incrementAndGet();
    }

    @Override
    public synchronized void close() {
        long unusedFrom = 0;
        long unusedUntil = 0;
        if (slice != null && slice.interval() > 0 && taken < slice.count()) {
            unusedFrom = slice.first() + taken * slice.interval();
            unusedUntil = slice.first() + slice.count() * slice.interval();
        }
        dropSlice();
        if (asked) {
            QuotaState.Demand leaving = demand(true);
            try {
                pool.report(new QuotaState.Demand(leaving.rpm(), leaving.tpm(), leaving.rpd(), leaving.share(), leaving.learns(),
                        leaving.tokensPerRequest(), leaving.answered(), leaving.unused(), leaving.unusedDay(), leaving.stretch(), true,
                        unusedFrom, unusedUntil, leaving.spendPer10Minutes(), leaving.usdPerRequest()));
            } catch (IllegalStateException e) {
                // The database went first (a process ending on a signal): the limits lapse a minute after the last lease,
                // and the slots given back only speed up the others.
                LOG.debug("quota pool {}: could not say this process ends: {}", poolName, e.getMessage());
            }
        }
    }

    /**
     * The local time of this request's slot, leasing more when this process's are used up; {@link #NOT_YET} while its
     * last lease reaches further than {@link #LEASE_AHEAD_NANOS} ahead (then {@code leaseNotBefore} says until when).
     * Workers waiting for slots would otherwise lease all the pool's future slots between them.
     */
    private synchronized long takeSlot() {
        while (true) {
            long now = nanoTime.getAsLong();
            long earliest = Math.max(now, pushedUntil);
            if (slice != null && taken < slice.count()) {
                long first = local(slice.first());
                if (slice.interval() == 0) {
                    if (earliest < local(slice.expires())) {
                        taken++;
                        used++;
                        return Math.max(earliest, first);
                    }
                } else {
                    long step = slice.interval() * 1000;
                    // a slot more than one interval late is skipped, and so is one the service's delay falls on
                    long from = Math.max(now - step, pushedUntil);
                    if (first + taken * step < from) {
                        taken = (int) Math.min(slice.count(), (from - first + step - 1) / step);
                    }
                    if (taken < slice.count()) {
                        used++;
                        return first + step * taken++;
                    }
                    long end = first + step * slice.count();
                    if (end - now > LEASE_AHEAD_NANOS) {
                        leaseNotBefore = end - LEASE_AHEAD_NANOS;
                        return NOT_YET;
                    }
                }
            }
            lease();
        }
    }

    private void lease() {
        dropSlice();
        long before = nanoTime.getAsLong();
        asked = true;
        QuotaState.Slice leased = pool.lease(demand(false));
        long after = nanoTime.getAsLong();
        offsetNanos = before + (after - before) / 2 - leased.now() * 1000;
        if (leased.dayUsedUp()) {
            throw new DailyQuotaExhaustedException("the limit of " + leased.rpd() + " requests per day (--rpd) of quota pool "
                    + poolName + " is reached");
        }
        if (!leased.lowerLimits().isEmpty() && !warnedOfLowerLimits) {
            warnedOfLowerLimits = true;
            LOG.warn("gemcap: another gemcap process on quota pool {} configures {},"
                    + " lower than this one: the lowest limit of a pool applies", poolName, String.join(" and ", leased.lowerLimits()));
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("quota pool {}: {} slots from {} ms ahead, {} requests/min", poolName, leased.count(),
                    (leased.first() - leased.now()) / 1000, Math.round(leased.rpm()));
        }
        slice = leased;
        taken = 0;
        used = 0;
        slotsLeased += leased.count();
        requestsPerSecond = leased.rpm() / 60.0;
    }

    /** What to tell the pool: the calls answered and the slots unused since it was last told, which are reset. */
    private QuotaState.Demand demand(boolean leaving) {
        QuotaState.Demand demand = new QuotaState.Demand(limits.rpm(), limits.tpm(), limits.rpd(), limits.quotaShare(), learns,
                tokensPerRequest, answered.getAndSet(0), unused, unusedDay, slotsLeased < WARM_UP_SLOTS ? WARM_UP_STRETCH : 1, leaving, 0, 0,
                limits.spendPer10Minutes(), limits.spendPer10Minutes() > 0 ? cost.usd(tokensPerRequest * WORST_CASE_TOKENS) : 0);
        unused = 0;
        return demand;
    }

    /** Gives up the slots still held; they count as unused towards the day's requests. */
    private void dropSlice() {
        if (slice != null) {
            unused += Math.max(0, slice.count() - used);
            unusedDay = slice.day();
            slice = null;
        }
    }

    private long local(long poolMicros) {
        return poolMicros * 1000 + offsetNanos;
    }

    private void sleepUntil(long deadlineNanos) {
        long wait;
        while ((wait = deadlineNanos - nanoTime.getAsLong()) > 0) {
            if (abandoned) {
                throw new CallAbandonedException();
            }
            waits.park(Math.min(wait, ABANDON_CHECK_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a request slot");
            }
        }
    }
}
