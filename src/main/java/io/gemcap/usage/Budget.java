package io.gemcap.usage;

import io.gemcap.policy.CallAbandonedException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a run may still spend, and the calls' reservations against it. Before a call, its worst-case cost
 * is reserved; once answered, the reservation is settled at what the call cost. A call whose reservation
 * could take the spend past the allowance is not made, and from then on no call is: the run stops there,
 * resumable with a higher budget.
 *
 * <p>Calls are admitted in walk order (by the ticket each image got when it was handed out), so that when
 * the budget is reached every image before the first refused one has been called and none after it: the
 * run's position can stop exactly there and no image is paid for and then left out. Thread-safe.
 */
public final class Budget {

    /** A reservation: the amount held for one call until it is settled. */
    public record Reservation(BigDecimal amount) {
    }

    private final BigDecimal allowance;
    private final String limit;
    private BigDecimal spent = BigDecimal.ZERO;
    private BigDecimal reserved = BigDecimal.ZERO;
    private long nextTicket;
    private boolean reached;
    private boolean abandoned;

    /**
     * @param allowance what this execution may spend, in USD
     * @param limit the limit as a person reads it, for the line that says it was reached (e.g. "the budget of 5 USD")
     */
    public Budget(BigDecimal allowance, String limit) {
        this.allowance = Objects.requireNonNull(allowance, "allowance");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /**
     * Waits until every earlier ticket was decided, then reserves {@code worstCase} if it fits.
     *
     * @return the reservation, or {@code null} when the call must not be made (the budget is reached)
     * @throws CallAbandonedException when the run gave up waiting
     */
    public synchronized Reservation reserve(long ticket, BigDecimal worstCase) {
        awaitTurn(ticket);
        try {
            if (reached || spent.add(reserved).add(worstCase).compareTo(allowance) > 0) {
                reached = true;
                return null;
            }
            reserved = reserved.add(worstCase);
            return new Reservation(worstCase);
        } finally {
            advance(ticket);
        }
    }

    /** Lets the tickets after this one go: its image needs no call (a ledger hit, a rejection, an error). */
    public synchronized void pass(long ticket) {
        if (ticket >= nextTicket) {
            awaitTurn(ticket);
            advance(ticket);
        }
    }

    /** Replaces a reservation by what the call cost. */
    public synchronized void settle(Reservation reservation, BigDecimal cost) {
        reserved = reserved.subtract(reservation.amount());
        spent = spent.add(cost);
    }

    public synchronized boolean reached() {
        return reached;
    }

    /** The limit as a person reads it. */
    public String limit() {
        return limit;
    }

    /** Every wait for a turn, now and later, gives up ({@link CallAbandonedException}). */
    public synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    private void awaitTurn(long ticket) {
        while (nextTicket < ticket) {
            if (abandoned) {
                throw new CallAbandonedException();
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CallAbandonedException();
            }
        }
    }

    private void advance(long ticket) {
        nextTicket = Math.max(nextTicket, ticket + 1);
        notifyAll();
    }
}
