package io.gemcap.usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link Spend} in this process's memory, for unit tests: one process, whose reservations are in flight until
 * settled, unless {@link #orphanUnsettled() orphaned} as a killed process's would be. Thread-safe.
 */
public final class MemorySpend implements Spend {

    private static final class Entry {
        final Long instance;
        final LocalDate day;
        final BigDecimal worst;
        BigDecimal cost;
        boolean alive = true;

        Entry(Long instance, LocalDate day, BigDecimal worst) {
            this.instance = instance;
            this.day = day;
            this.worst = worst;
        }

        BigDecimal counted() {
            return cost == null ? worst : cost;
        }

        Entry attachedTo(long jobInstanceId) {
            Entry attached = new Entry(jobInstanceId, day, worst);
            attached.cost = cost;
            attached.alive = alive;
            return attached;
        }
    }

    private final SpendLimits limits;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public MemorySpend(BudgetSettings limits, Clock clock) {
        this.limits = new SpendLimits(limits);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Attempt reserve(Long jobInstanceId, Kind kind, BigDecimal worstCase) {
        return reserve(UUID.randomUUID().toString(), jobInstanceId, kind, worstCase);
    }

    @Override
    public synchronized Attempt reserve(String id, Long jobInstanceId, Kind kind, BigDecimal worstCase) {
        Entry held = entries.get(id);
        if (held != null) {
            return new Attempt(new Reservation(id, held.worst), null, 0);
        }
        LocalDate day = LocalDate.now(clock);
        BigDecimal run = jobInstanceId == null ? null : sum(jobInstanceId, null);
        SpendLimits.Passed passed = limits.passed(run, sum(null, day), worstCase);
        if (passed != null) {
            long inFlight = entries.values().stream().filter(e -> e.cost == null && e.alive)
                    .filter(e -> passed.run() ? Objects.equals(e.instance, jobInstanceId) : day.equals(e.day)).count();
            return new Attempt(null, passed.limit(), inFlight);
        }
        entries.put(id, new Entry(jobInstanceId, day, worstCase));
        return new Attempt(new Reservation(id, worstCase), null, 0);
    }

    @Override
    public synchronized void settle(String reservationId, BigDecimal cost) {
        Entry entry = entries.get(reservationId);
        if (entry != null && entry.cost == null) {
            entry.cost = cost;
        }
    }

    @Override
    public synchronized void attach(long jobInstanceId) {
        entries.replaceAll((id, entry) -> entry.instance == null ? entry.attachedTo(jobInstanceId) : entry);
    }

    @Override
    public synchronized Billed billed(long jobInstanceId) {
        long unsettled = entries.values().stream().filter(e -> Objects.equals(e.instance, jobInstanceId) && e.cost == null).count();
        return new Billed(sum(jobInstanceId, null), unsettled);
    }

    /** Every reservation not settled now belongs to a process that is gone: it counts, but is no longer in flight. */
    public synchronized void orphanUnsettled() {
        entries.values().stream().filter(e -> e.cost == null).forEach(e -> e.alive = false);
    }

    private BigDecimal sum(Long instance, LocalDate day) {
        return entries.values().stream().filter(e -> instance == null || instance.equals(e.instance))
                .filter(e -> day == null || day.equals(e.day)).map(Entry::counted).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
