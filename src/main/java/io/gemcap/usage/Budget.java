package io.gemcap.usage;

import io.gemcap.policy.CallAbandonedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * One execution's calls against the {@link Spend}: before a call, its worst-case cost is reserved; once answered, the
 * reservation is settled at what the call cost. Under a limit (the run's budget, the day's cap), a call whose worst
 * case does not fit waits while calls counted under that limit are in flight, in this process or another, since their
 * settlements usually leave room; only when nothing is in flight and it still does not fit is it refused, and from
 * then on no call of this execution is: the run stops there, resumable with a higher budget.
 *
 * <p>Under a limit, calls are admitted in walk order (by the ticket each image got when it was handed out), a waiting
 * call holding back the ones after it, so that when the budget is reached every image before the first refused one
 * has been called and none after it: the run's position can stop exactly there and no image is paid for and then
 * left out. Without limits calls are only recorded, in any order. Thread-safe.
 */
public final class Budget {

    /** How often a waiting call asks again when the calls it waits for belong to other processes. */
    static final Duration ASK_AGAIN_EVERY = Duration.ofMillis(250);

    private final Spend spend;
    private final Long jobInstanceId;
    private final boolean limited;
    private long nextTicket;
    private boolean reached;
    private boolean abandoned;
    private String limit = "";

    /**
     * @param jobInstanceId the run the calls are for, or {@code null} before it has one (the start-up check)
     * @param limited whether a budget or a daily cap applies: calls then wait their turn in walk order
     */
    public Budget(Spend spend, Long jobInstanceId, boolean limited) {
        this.spend = Objects.requireNonNull(spend, "spend");
        this.jobInstanceId = jobInstanceId;
        this.limited = limited;
    }

    /**
     * Waits until every earlier ticket was decided, then reserves {@code worstCase} once it fits, waiting for calls in
     * flight to settle while it does not.
     *
     * @return the reservation, or {@code null} when the call must not be made (the budget is reached)
     * @throws CallAbandonedException when the run gave up waiting
     */
    public Spend.Reservation reserve(long ticket, Spend.Kind kind, BigDecimal worstCase) {
        if (!limited) {
            return spend.reserve(jobInstanceId, kind, worstCase).reservation();
        }
        synchronized (this) {
            awaitTurn(ticket);
            try {
                while (!reached) {
                    Spend.Attempt attempt = spend.reserve(jobInstanceId, kind, worstCase);
                    if (attempt.held()) {
                        return attempt.reservation();
                    }
                    limit = attempt.limit();
                    if (attempt.inFlight() == 0) {
                        reached = true;
                    } else {
                        pause(ASK_AGAIN_EVERY.toMillis());
                    }
                }
                return null;
            } finally {
                advance(ticket);
            }
        }
    }

    /** Lets the tickets after this one go: its image needs no call (a ledger hit, a rejection, an error). */
    public synchronized void pass(long ticket) {
        if (limited && ticket >= nextTicket) {
            awaitTurn(ticket);
            advance(ticket);
        }
    }

    /** Replaces a reservation by what the call cost (zero for a call never sent), and wakes a call waiting for room. */
    public void settle(Spend.Reservation reservation, BigDecimal cost) {
        spend.settle(reservation, cost);
        synchronized (this) {
            notifyAll();
        }
    }

    public synchronized boolean reached() {
        return reached;
    }

    /** The limit the last refused call would have passed, as a person reads it. */
    public synchronized String limit() {
        return limit;
    }

    /** Every wait for a turn or for room, now and later, gives up ({@link CallAbandonedException}). */
    public synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    private void awaitTurn(long ticket) {
        while (nextTicket < ticket) {
            pause(0);
        }
    }

    private void pause(long millis) {
        if (abandoned) {
            throw new CallAbandonedException();
        }
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallAbandonedException();
        }
        if (abandoned) {
            throw new CallAbandonedException();
        }
    }

    private void advance(long ticket) {
        nextTicket = Math.max(nextTicket, ticket + 1);
        notifyAll();
    }
}
