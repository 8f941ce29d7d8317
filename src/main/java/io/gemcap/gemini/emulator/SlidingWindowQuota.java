package io.gemcap.gemini.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A request quota over a sliding window, as the service enforces per minute (and, for some
 * services, over shorter windows). Thread-safe.
 */
final class SlidingWindowQuota {

    private final int limit;
    private final long windowNanos;
    private final Deque<Long> admitted = new ArrayDeque<>();

    SlidingWindowQuota(int limit, Duration window) {
        if (limit < 1) {
            throw new IllegalArgumentException("quota limit must be at least 1, was " + limit);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    int limit() {
        return limit;
    }

    Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** Admits a request, or says how long until one would be admitted. */
    synchronized Optional<Duration> tryAdmit(long nowNanos) {
        while (!admitted.isEmpty() && nowNanos - admitted.peekFirst() >= windowNanos) {
            admitted.pollFirst();
        }
        if (admitted.size() < limit) {
            admitted.addLast(nowNanos);
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(admitted.peekFirst() + windowNanos - nowNanos));
    }
}
