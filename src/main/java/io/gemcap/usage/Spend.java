package io.gemcap.usage;

import java.math.BigDecimal;

/**
 * What calls cost, counted where they happen and seen alike by every process on the same job database: before a
 * call is sent its worst case is reserved against the run's budget and the day's cap ({@link BudgetSettings}), and
 * once answered the reservation is settled to what the service reported. A reservation never settled (its process
 * was killed, its answer lost) keeps counting at its worst case. The run's billed cost is read from here too: every
 * call, the start-up checks and the calls a resume paid again included.
 *
 * <p>{@link MemorySpend} is for unit tests; {@link JdbcSpend} for runs. Implementations are thread-safe.
 */
public interface Spend {

    /** What a reservation is for. */
    enum Kind {
        /** An image's online call. */
        CALL,
        /** gemcap's start-up check (one small call before the run). */
        CHECK,
        /** A Batch Mode shard, settled once its batch's answers are collected. */
        SHARD;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A call's hold on the money, until it is settled. */
    record Reservation(String id, BigDecimal worstCase) {
    }

    /**
     * A reservation held, or refused: then the limit it would have passed, as a person reads it, and how many calls
     * counted under that limit are still in flight (reserved, not settled, their process alive): when there are some,
     * their settlements may leave room, and asking again later may succeed.
     */
    record Attempt(Reservation reservation, String limit, long inFlight) {

        public boolean held() {
            return reservation != null;
        }
    }

    /**
     * What a run was billed across its executions: settled calls at what they cost, calls never settled at their
     * worst case ({@code unsettled} of them), start-up checks and calls paid again included.
     */
    record Billed(BigDecimal usd, long unsettled) {

        public static final Billed NONE = new Billed(BigDecimal.ZERO, 0);
    }

    /**
     * Reserves {@code worstCase} for a call of the run {@code jobInstanceId} ({@code null} while the run has no job
     * instance yet: {@link #attach} gives it one), on today's date, if it fits under both limits with everything
     * billed and held.
     */
    Attempt reserve(Long jobInstanceId, Kind kind, BigDecimal worstCase);

    /**
     * As {@link #reserve(Long, Kind, BigDecimal)}, under an id of the caller's (a shard's), so that a later process
     * can settle it by that id; a reservation already held under it is returned as it is.
     */
    Attempt reserve(String id, Long jobInstanceId, Kind kind, BigDecimal worstCase);

    /** Replaces a reservation by what the call cost (zero for a call never sent); settling twice keeps the first. */
    void settle(String reservationId, BigDecimal cost);

    default void settle(Reservation reservation, BigDecimal cost) {
        settle(reservation.id(), cost);
    }

    /** Gives this process's reservations that have no run yet (its start-up check) to the run it started. */
    void attach(long jobInstanceId);

    /** What the run was billed so far. */
    Billed billed(long jobInstanceId);
}
