package io.gemcap.events;

import java.util.concurrent.atomic.LongAdder;

/**
 * The quota's pushback heard since it subscribed: answers that were 429, and attempts made again after a failure (429s
 * included). What the progress line and the end summary show of a run's execution.
 */
public final class PushbackTally implements RunListener {

    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder retries = new LongAdder();

    @Override
    public void attempted(Attempt attempt) {
        if (attempt.outcome() == Outcome.RATE_LIMITED) {
            rateLimited.increment();
        }
    }

    @Override
    public void retried() {
        retries.increment();
    }

    public long rateLimited() {
        return rateLimited.sum();
    }

    public long retries() {
        return retries.sum();
    }
}
