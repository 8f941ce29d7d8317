package io.gemcap.events;

import io.gemcap.output.CaptionRow;
import io.gemcap.report.RunSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's run events: publishers call it as a {@link RunListener}, and it passes each event to every subscriber in the
 * order they subscribed. A subscriber that throws is logged and the others still hear the event: counting must never fail
 * the work it counts. Thread-safe.
 */
public final class RunEvents implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);

    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

    /** Events to nobody: for code run outside a job (one image, estimates) and for tests that do not listen. */
    public static RunEvents none() {
        return new RunEvents();
    }

    /** Subscribes {@code listener} until the returned handle is closed. */
    public Subscription subscribe(RunListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** A subscription, ended by closing it. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public void runStarted(RunStart run) {
        each(listener -> listener.runStarted(run));
    }

    @Override
    public void imagePrepared(Duration took, boolean sendable) {
        each(listener -> listener.imagePrepared(took, sendable));
    }

    @Override
    public void attempted(Attempt attempt) {
        each(listener -> listener.attempted(attempt));
    }

    @Override
    public void retried() {
        each(RunListener::retried);
    }

    @Override
    public void rowsWritten(List<? extends CaptionRow> rows) {
        each(listener -> listener.rowsWritten(rows));
    }

    @Override
    public void batches(Map<String, Long> byState) {
        each(listener -> listener.batches(byState));
    }

    @Override
    public void runEnded(RunSummary summary) {
        each(listener -> listener.runEnded(summary));
    }

    private void each(java.util.function.Consumer<RunListener> event) {
        for (RunListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("gemcap: {} failed on a run event: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
