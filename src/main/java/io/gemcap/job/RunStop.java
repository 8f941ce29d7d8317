package io.gemcap.job;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far this process was asked to stop its run. The first request (SIGTERM, Ctrl-C, {@code stop ID} read from the job
 * database, or the budget reached) drains: nothing new is sent, and the calls already out are waited for and recorded;
 * the second (a second signal) abandons: the run no longer waits for them, commits what is done and ends, and a resume pays
 * for them again. One per process, kept once set (a stopped process starts no other run). Thread-safe.
 */
public final class RunStop {

    /** How far a stop has gone. */
    public enum Level {
        /** Not asked. */
        NONE,
        /** Send nothing new; wait for the calls in flight, record them, then stop. */
        DRAIN,
        /** Wait for nothing more: commit what is done and stop. */
        ABANDON
    }

    private final AtomicReference<Level> level = new AtomicReference<>(Level.NONE);
    private final Runnable stopSending;

    /** @param stopSending makes every call not yet sent give up (the call policy's), run once at the first request */
    public RunStop(Runnable stopSending) {
        this.stopSending = Objects.requireNonNull(stopSending, "stopSending");
    }

    public Level level() {
        return level.get();
    }

    /** A request to stop that may be repeated (a signal): the first drains, any later one abandons. @return the level now */
    public Level escalate() {
        Level now = level.updateAndGet(current -> current == Level.NONE ? Level.DRAIN : Level.ABANDON);
        stopSending.run();
        return now;
    }

    /** A request to stop that asks no more than draining, however often it is seen (the job database's mark, the budget). */
    public void drain() {
        if (level.compareAndSet(Level.NONE, Level.DRAIN)) {
            stopSending.run();
        }
    }
}
