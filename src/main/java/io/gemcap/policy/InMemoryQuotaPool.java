package io.gemcap.policy;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A pool kept in this process's memory (unit tests, and one process on its own): what it learns ends with it. Thread-safe. */
public final class InMemoryQuotaPool implements QuotaPool {

    private final LongSupplier micros;
    private QuotaState state;

    /** @param micros the pool's clock, in microseconds */
    public InMemoryQuotaPool(LongSupplier micros) {
        this.micros = micros;
        this.state = QuotaState.fresh(micros.getAsLong());
    }

    /** On the system's clock: the days of the daily limit are calendar days. */
    public static InMemoryQuotaPool onSystemClock() {
        return new InMemoryQuotaPool(() -> java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now()));
    }

    @Override
    public synchronized QuotaState.Slice lease(QuotaState.Demand demand) {
        QuotaState.Leased leased = state.lease(micros.getAsLong(), demand);
        state = leased.state();
        return leased.slice();
    }

    @Override
    public synchronized void rateLimited(QuotaState.Demand demand, Duration retryAfter) {
        state = state.rateLimited(micros.getAsLong(), demand, retryAfter);
    }

    @Override
    public synchronized void report(QuotaState.Demand demand) {
        state = state.reported(micros.getAsLong(), demand);
    }

    /** The state as it stands, for tests. */
    public synchronized QuotaState state() {
        return state;
    }
}
