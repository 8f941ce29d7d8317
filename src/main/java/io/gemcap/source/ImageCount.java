package io.gemcap.source;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a source's images on a thread of its own, beside the run, so its progress can show a total: a walk that
 * lists names and reads nothing.
 */
public final class ImageCount implements AutoCloseable {

    private final AtomicLong found = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private ImageCount() {
    }

    /** Starts counting; {@code limit} (0 for none) caps the count, as it caps the run. */
    public static ImageCount start(ImageSource source, long limit) {
        ImageCount count = new ImageCount();
        Thread counter = new Thread(() -> count.walk(source, limit), "gemcap-image-count");
        counter.setDaemon(true);
        counter.setPriority(Thread.MIN_PRIORITY);
        counter.start();
        return count;
    }

    private void walk(ImageSource source, long limit) {
        try (ImageSource.Listing listing = source.listAfter(null)) {
            while (!cancelled.get() && listing.hasNext() && (limit == 0 || found.get() < limit)) {
                listing.next();
                found.incrementAndGet();
            }
            finished.set(!cancelled.get());
        } catch (RuntimeException e) {
            // The run's own walk meets and reports whatever stopped this one; the progress line goes on without a total.
            cancelled.set(true);
        }
    }

    /** Images found so far. */
    public long found() {
        return found.get();
    }

    /** Whether {@link #found()} is the whole count. */
    public boolean finished() {
        return finished.get();
    }

    @Override
    public void close() {
        cancelled.set(true);
    }
}
