package io.gemcap.policy;

import org.slf4j.LoggerFactory;

/**
 * How many calls to keep in flight. Unless set, it follows Little's law: the paced request rate
 * times the latency observed so far, with half as much again as headroom, so the quota, not a thread
 * count, sets the pace.
 */
public final class Concurrency {

    private static final double HEADROOM = 1.5;

    private final LimitSettings limits;
    private final CallPolicy policy;

    public Concurrency(LimitSettings limits, CallPolicy policy) {
        this.limits = limits;
        this.policy = policy;
        if (limits.concurrency() > limits.maxConcurrency()) {
            LoggerFactory.getLogger(Concurrency.class).warn("concurrency {} is above gemcap.limits.max-concurrency: using {}",
                    limits.concurrency(), limits.maxConcurrency());
        }
    }

    /** Calls to keep in flight now: the setting, or what the rate and latency call for; never above {@code max-concurrency}. */
    public int current() {
        if (limits.concurrency() > 0) {
            return Math.min(limits.concurrency(), limits.maxConcurrency());
        }
        double rate = policy.quota().requestsPerSecond();
        if (rate == 0) {
            return limits.maxConcurrency();
        }
        double latencySeconds = policy.observedLatency(limits.expectedLatency()).toMillis() / 1000.0;
        int inFlight = (int) Math.ceil(rate * latencySeconds * HEADROOM) + 1;
        return Math.max(2, Math.min(limits.maxConcurrency(), inFlight));
    }
}
