package io.gemcap.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One pool's quota for one model, as every process sharing it sees it, and the rules they all apply to it. Times
 * are microseconds of the pool's clock (the job database's for runs), never a process's own.
 *
 * <p>The pool keeps one schedule of request slots (a virtual-scheduling cursor): a process leases the next slots,
 * about a second's worth and at least twenty calls unless that is more than ten seconds, each one interval after the
 * one before, whichever process holds it. So the pool's requests are evenly spaced however many processes share it,
 * and no window of the service's, a sliding minute or a second, sees more than the rate: there is no burst
 * capacity, the one way a token bucket passes a sliding window's limit. The interval is what the tightest of the
 * request rate, the token rate and the spend limit per 10 minutes allows for the process's average request (each
 * process's slots take the pool's time in proportion to its requests' tokens and cost, so processes whose requests
 * differ still keep the pool under the limits).
 *
 * <p>The rate learns: a 429 lowers it for every process, to what the pool got through in the last minute when the
 * service asks to wait ten seconds or more (the minute's quota is used up) and that is under half the rate (the quota is lower than configured, or another team uses it), otherwise by 3 %; each call
 * answered raises it by 0.02 requests per minute, 2 % per minute of calls, back towards the configured rate. The
 * learnt rate stays with the pool, so the next run starts from it.
 *
 * <p>Configured limits: the lowest any live process of the pool configured applies (a process's limit lapses a
 * minute after it last leased). Requests per day are counted from midnight Pacific time, when the service resets them.
 *
 * @param nextSlot the pool's next free slot
 * @param learntRpm the learnt request rate, or 0 before any 429 taught one
 * @param loweredAt when a 429 last lowered the rate
 * @param windowStart the start of the current minute of the count of calls answered
 * @param windowOk calls answered in the current minute
 * @param previousWindowOk calls answered in the minute before it
 * @param day the Pacific date {@code dayRequests} counts
 * @param dayRequests requests leased on {@code day}
 * @param rpm the lowest requests-per-minute limit configured by a live process (0: none)
 * @param tpm the lowest tokens-per-minute limit
 * @param rpd the lowest requests-per-day limit
 * @param roundTrips leases and reports made on this state, for measuring
 */
public record QuotaState(long nextSlot, double learntRpm, long loweredAt, long windowStart, long windowOk, long previousWindowOk,
        String day, long dayRequests, Least rpm, Least tpm, Least rpd, long roundTrips) {

    static final ZoneId QUOTA_ZONE = ZoneId.of("America/Los_Angeles");
    static final long MINUTE = Duration.ofMinutes(1).toNanos() / 1000;
    private static final long SECOND = 1_000_000;
    /** A configured limit lapses this long after its process last leased: that process has ended. */
    private static final long LIMIT_LAPSES = MINUTE;
    /** 429s within this long of a lowering are the same event, seen by the calls in flight of every process. */
    private static final long SAME_EVENT = 5 * SECOND;
    /** A lease without a rate lasts this long, so a 429 another process reports is seen within it. */
    private static final long UNPACED_LEASE = SECOND;
    private static final int UNPACED_SLOTS = 1000;
    private static final int MIN_SLOTS = 20;
    private static final long LONGEST_LEASE = 10 * SECOND;
    /**
     * A 429 asking to wait this long says a long window (the minute) is used up: the calls the pool got through in the
     * last minute are what its quota allows. A shorter delay says a short window was crossed (a second's, or jitter at
     * the minute's edge), and those calls say nothing of the minute: at the start of a run they are a few.
     */
    private static final Duration LONG_DELAY = Duration.ofSeconds(10);
    private static final double RAISE_PER_CALL = 0.02;
    private static final double NUDGE_DOWN = 0.97;
    /** A count this much above the rate learnt from it moments ago is more evidence, not the same. */
    private static final double MORE_EVIDENCE = 1.1;
    /**
     * A minute's calls answered under this share of the rate say the quota is far lower than the rate: the rate drops
     * to it. Nearer, the count (from two fixed minutes, off when the calls of the minute before were uneven) is no
     * better a guide than the rate itself, which is nudged down.
     */
    private static final double FAR_BELOW = 0.5;

    /** A limit some process configured, and when one last said so. */
    public record Least(long value, long seenAt) {

        static final Least NONE = new Least(0, 0);

        /** The limit in force for a process configuring {@code own}: the lower of the two while the other is live. */
        long inForce(long own, long now) {
            if (value > 0 && now - seenAt < LIMIT_LAPSES && (own == 0 || value < own)) {
                return value;
            }
            return own;
        }

        Least leftBy(long own, boolean leaving) {
            return leaving && value == own ? NONE : this;
        }

        Least seenBy(long own, long now) {
            return inForce(own, now) == own && own > 0 ? new Least(own, now) : this;
        }
    }

    /**
     * What a process asks of the pool: its configuration, and what it saw since it last asked.
     *
     * @param rpm its requests per minute (0: none)
     * @param tpm its input tokens per minute (0: none)
     * @param rpd its requests per day (0: none)
     * @param share the share of the limits to use
     * @param learns whether 429s teach the pool a rate (a configured rate, or Vertex AI's dynamic quota)
     * @param tokensPerRequest its average request's input tokens
     * @param answered calls answered since it last asked
     * @param unused slots of its last lease it did not use, given back to the day's count
     * @param unusedDay the day those slots were counted on
     * @param stretch how much wider than the rate its slots are to be (its first calls run cold code)
     * @param leaving whether the process ends: its limits stop applying to the others now, not a minute later
     * @param unusedFrom with {@code leaving}, the first of its slots it did not use (0: none), given back when no
     *     process leased after them
     * @param unusedUntil where those slots end
     * @param spendPer10Minutes its limit of USD per 10 minutes (0: none)
     * @param usdPerRequest the worst case of its average request, for that limit
     */
    public record Demand(int rpm, long tpm, long rpd, double share, boolean learns, double tokensPerRequest, long answered,
            long unused, String unusedDay, double stretch, boolean leaving, long unusedFrom, long unusedUntil, double spendPer10Minutes,
            double usdPerRequest) {
    }

    /**
     * Slots leased to one process at {@code now}: {@code count} of them, the first at {@code first}, one
     * {@code interval} apart; with no interval, any number from {@code first} until {@code expires}. No slots: the
     * day's requests are used up.
     *
     * @param rpm the request rate in force, or 0 for none
     * @param rpd the requests-per-day limit in force, or 0 for none
     * @param lowerLimits limits another process of the pool configured lower than this one, which apply
     */
    public record Slice(long now, long first, long interval, int count, long expires, String day, double rpm, long rpd, List<String> lowerLimits) {

        public boolean dayUsedUp() {
            return count == 0;
        }
    }

    public record Leased(QuotaState state, Slice slice) {
    }

    public static QuotaState fresh(long now) {
        return new QuotaState(now, 0, 0, now, 0, 0, day(now), 0, Least.NONE, Least.NONE, Least.NONE, 0);
    }

    static String day(long now) {
        return LocalDate.ofInstant(Instant.EPOCH.plusNanos(now * 1000), QUOTA_ZONE).toString();
    }

    /** Leases the next slots to a process. */
    public Leased lease(long now, Demand demand) {
        QuotaState state = counted(now, demand).withLimitsSeen(now, demand);
        long rpmLimit = state.rpm.inForce(demand.rpm(), now);
        long tpmLimit = state.tpm.inForce(demand.tpm(), now);
        long rpdLimit = state.rpd.inForce(demand.rpd(), now);
        List<String> lower = new ArrayList<>();
        if (rpmLimit != demand.rpm()) {
            lower.add("--rpm " + rpmLimit);
        }
        if (tpmLimit != demand.tpm()) {
            lower.add("--tpm " + tpmLimit);
        }
        if (rpdLimit != demand.rpd()) {
            lower.add("--rpd " + rpdLimit);
        }
        double rate = state.rate(rpmLimit, demand);
        double interval = 0;
        if (rate > 0) {
            interval = MINUTE / rate;
        }
        if (tpmLimit > 0) {
            interval = Math.max(interval, demand.tokensPerRequest() * MINUTE / (tpmLimit * demand.share()));
        }
        if (demand.spendPer10Minutes() > 0) {
            interval = Math.max(interval, demand.usdPerRequest() * 10 * MINUTE / (demand.spendPer10Minutes() * demand.share()));
        }
        interval *= Math.max(1, demand.stretch());
        long first = Math.max(now, state.nextSlot);
        long step = (long) Math.ceil(interval);
        int count;
        long next = state.nextSlot;
        if (step == 0) {
            count = UNPACED_SLOTS;
        } else {
            count = (int) Math.max(1, Math.max(Math.ceil((double) SECOND / step), Math.min(MIN_SLOTS, LONGEST_LEASE / step)));
        }
        long dayRequests = state.dayRequests;
        if (rpdLimit > 0) {
            count = (int) Math.max(0, Math.min(count, rpdLimit - dayRequests));
        }
        dayRequests += count;
        if (step > 0) {
            next = first + count * step;
        }
        double inForce = step == 0 ? 0 : MINUTE / (double) step;
        QuotaState leased = new QuotaState(next, state.learntRpm, state.loweredAt, state.windowStart, state.windowOk,
                state.previousWindowOk, state.day, dayRequests, state.rpm, state.tpm, state.rpd, state.roundTrips + 1);
        return new Leased(leased, new Slice(now, first, step, count, step == 0 ? first + UNPACED_LEASE : next, state.day, inForce,
                rpdLimit, List.copyOf(lower)));
    }

    /**
     * The service answered 429 with {@code retryAfter}: the pool's next slot moves past it, and unless another
     * process already did so for the same event, the rate is lowered.
     */
    public QuotaState rateLimited(long now, Demand demand, Duration retryAfter) {
        QuotaState state = counted(now, demand);
        long until = now + (retryAfter == null ? SECOND : retryAfter.toNanos() / 1000);
        double learnt = state.learntRpm;
        long lowered = state.loweredAt;
        if (demand.learns() && now - state.loweredAt < SAME_EVENT && learnt > 0
                && state.answeredInLastMinute(now) * demand.share() > learnt * MORE_EVIDENCE) {
            // Another process's 429 of the same event brings the calls it got through, which the first report lacked.
            learnt = Math.min(state.answeredInLastMinute(now) * demand.share(), state.rateBefore(demand));
        } else if (demand.learns() && now - state.loweredAt >= SAME_EVENT) {
            double current = state.rate(rpm.inForce(demand.rpm(), now), demand);
            double answered = state.answeredInLastMinute(now);
            boolean minuteUsedUp = retryAfter != null && retryAfter.compareTo(LONG_DELAY) >= 0;
            if (minuteUsedUp && (current == 0 || answered < FAR_BELOW * current)) {
                learnt = Math.max(1, answered * demand.share());
            } else {
                learnt = current * NUDGE_DOWN;
            }
            lowered = now;
        }
        return new QuotaState(Math.max(state.nextSlot, until), learnt, lowered, state.windowStart, state.windowOk,
                state.previousWindowOk, state.day, state.dayRequests, state.rpm, state.tpm, state.rpd, state.roundTrips + 1);
    }

    /** Counts what a process reports, leasing nothing; a process that leaves takes its limits with it. */
    public QuotaState reported(long now, Demand demand) {
        QuotaState state = counted(now, demand);
        long next = state.nextSlot;
        if (demand.unusedFrom() > 0 && next == demand.unusedUntil()) {
            next = Math.max(now, demand.unusedFrom());
        }
        return new QuotaState(next, state.learntRpm, state.loweredAt, state.windowStart, state.windowOk,
                state.previousWindowOk, state.day, state.dayRequests, state.rpm.leftBy(demand.rpm(), demand.leaving()),
                state.tpm.leftBy(demand.tpm(), demand.leaving()), state.rpd.leftBy(demand.rpd(), demand.leaving()), state.roundTrips + 1);
    }

    /** The configured rate (the ceiling of what a 429 taught), or the learnt one when none is configured. */
    private double rateBefore(Demand demand) {
        return demand.rpm() > 0 ? demand.rpm() * demand.share() : learntRpm;
    }

    /** The request rate in force (requests per minute), or 0 for none: the learnt one, under the configured one. */
    private double rate(long rpmLimit, Demand demand) {
        double configured = rpmLimit > 0 ? rpmLimit * demand.share() : 0;
        if (!demand.learns() || learntRpm == 0) {
            return configured;
        }
        return configured > 0 ? Math.min(configured, learntRpm) : learntRpm;
    }

    /** Calls answered in the sliding minute before {@code now}, from the two fixed minutes counted. */
    double answeredInLastMinute(long now) {
        double intoWindow = Math.min(1, (double) (now - windowStart) / MINUTE);
        return previousWindowOk * (1 - intoWindow) + windowOk;
    }

    /** This state with the day and the minute moved on to {@code now}, the calls answered counted and the rate raised for them. */
    private QuotaState counted(long now, Demand demand) {
        String today = day(now);
        long dayCount = today.equals(day) ? dayRequests : 0;
        if (demand.unused() > 0 && today.equals(demand.unusedDay()) && today.equals(day)) {
            dayCount = Math.max(0, dayCount - demand.unused());
        }
        long start = windowStart;
        long ok = windowOk;
        long previous = previousWindowOk;
        if (now - start >= MINUTE) {
            long minutes = (now - start) / MINUTE;
            previous = minutes == 1 ? ok : 0;
            ok = 0;
            start += minutes * MINUTE;
        }
        ok += demand.answered();
        double learnt = learntRpm;
        if (learnt > 0 && demand.answered() > 0) {
            learnt += RAISE_PER_CALL * demand.answered();
            if (demand.rpm() > 0) {
                learnt = Math.min(learnt, demand.rpm() * demand.share());
            }
        }
        return new QuotaState(nextSlot, learnt, loweredAt, start, ok, previous, today, dayCount, rpm, tpm, rpd, roundTrips);
    }

    private QuotaState withLimitsSeen(long now, Demand demand) {
        return new QuotaState(nextSlot, learntRpm, loweredAt, windowStart, windowOk, previousWindowOk, day, dayRequests,
                rpm.seenBy(demand.rpm(), now), tpm.seenBy(demand.tpm(), now),
                rpd.seenBy(demand.rpd(), now), roundTrips);
    }
}
