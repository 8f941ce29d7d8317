package io.gemcap.job;

import io.gemcap.caption.ImagePreparer;
import io.gemcap.output.CaptionRow;
import io.gemcap.policy.CallAbandonedException;
import io.gemcap.policy.Concurrency;
import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageSource;
import io.gemcap.source.SkipCounts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.BiFunction;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads images in walk order and starts each one's work (inspection and call) ahead of the chunk
 * that will write it, on a pool sized by {@link Concurrency}, keeping twice that many images ahead.
 * Spring Batch's chunk boundary is then no barrier: the calls in flight never drain to zero while
 * a chunk commits.
 *
 * <p>Its saved state is the listing key of the last image whose row was <em>delivered to the step</em>
 * ({@link #await}) when the chunk committed (a relative path, an object key), so a restart continues
 * strictly after it in walk order, even when files were added or removed in between (a count would
 * land on the wrong file). Work started ahead of that position is lost in a crash: a {@code kill -9}
 * pays again at most one chunk plus the look-ahead.
 *
 * <p>A stop request (SIGTERM) does not wait for calls still in their retries: calls in flight get a
 * short grace to finish (they are paid for), then the first row of the chunk not yet done is
 * abandoned (its call given up), it and the rows after it are left out of the chunk, and the
 * position stays on the last row delivered, so the chunk commits what is done and a resume starts
 * with the abandoned image. Not thread-safe: the step reads and awaits on one thread;
 * the work function must be thread-safe.
 */
public class CallAheadItemReader implements ItemStreamReader<PendingRow> {

    /** The key every commit writes: a context that holds it holds a committed position. */
    public static final String HANDED = "handed";
    private static final long STOP_CHECK_MILLIS = 100;
    private static final String LAST_KEY = "lastKey";
    private static final String SKIPPED_HIDDEN = "skipped.hidden";
    private static final String SKIPPED_OTHER = "skipped.otherTypes";
    private static final String SKIPPED_EXCLUDED = "skipped.excluded";
    private static final String SKIPPED_LOOPS = "skipped.symlinkLoops";
    private static final String SKIPPED_UNREADABLE = "skipped.unreadable";

    private final String name;
    private final ImageSource source;
    private final BiFunction<ImageRef, Long, CaptionRow> work;
    private final Concurrency concurrency;
    private final long limit;
    private final BooleanSupplier stopRequested;
    private final long stopGraceNanos;
    private final AutoCloseable afterWork;
    private final Runnable stopRun;
    private final Deque<PendingRow> ahead = new ArrayDeque<>();
    /** When this reader first saw the stop request, or 0. */
    private long stopSeenNanos;
    private SkipCounts skippedBeforeDelivered = SkipCounts.NONE;
    /** What the whole walk passed over, once it has reached its end; behind the position once every row is delivered. */
    private SkipCounts skippedAtEnd;
    private long handed;
    private long delivered;
    /** How many images this execution has started work for: each one's ticket is its place in walk order. */
    private long tickets;
    /** Set once a stop abandoned a row: the rest of the chunk is left out too, so the commit keeps walk order. */
    private boolean cut;
    private ImageSource.Listing listing;
    private ThreadPoolExecutor workers;
    private String lastKey;
    private SkipCounts skippedBefore = SkipCounts.NONE;

    /**
     * @param work an image's row, given the image and its ticket (its place in walk order in this execution, from 0)
     * @param limit the most images a run hands to the step ({@code --limit}, for pilot runs), or 0 for all
     * @param stopRequested whether the run was asked to stop: no more work is started, and rows not yet done are abandoned
     * @param stopRun asks the run to stop, once work gave up on a row before its call (the budget was reached): the rows
     *     before it are delivered, it and the rest are left for the resume
     * @param stopGrace how long, once a stop is seen, rows in flight may still take to be done
     * @param afterWork closed with the reader, once the work started ahead is cancelled: it makes running work give up
     *     and closes what the work writes to
     */
    public CallAheadItemReader(String name, ImageSource source, BiFunction<ImageRef, Long, CaptionRow> work, Concurrency concurrency,
            long limit, BooleanSupplier stopRequested, Runnable stopRun, Duration stopGrace, AutoCloseable afterWork) {
        this.afterWork = Objects.requireNonNull(afterWork, "afterWork");
        this.stopRun = Objects.requireNonNull(stopRun, "stopRun");
        this.limit = limit;
        this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
        this.stopGraceNanos = stopGrace.toNanos();
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.work = Objects.requireNonNull(work, "work");
        this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
    }

    @Override
    public void open(ExecutionContext context) {
        lastKey = context.containsKey(key(LAST_KEY)) ? context.getString(key(LAST_KEY)) : null;
        handed = context.getLong(key(HANDED), 0);
        delivered = handed;
        tickets = 0;
        cut = false;
        stopSeenNanos = 0;
        skippedBefore = skipped(name, context);
        skippedBeforeDelivered = SkipCounts.NONE;
        skippedAtEnd = null;
        listing = source.listAfter(lastKey);
        int size = concurrency.current();
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "gemcap-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public PendingRow read() {
        if ((limit > 0 && handed >= limit) || stopRequested.getAsBoolean()) {
            return null;
        }
        int size = concurrency.current();
        resize(size);
        while (ahead.size() < 2 * size && (limit == 0 || handed + ahead.size() < limit) && listing.hasNext()) {
            ImageRef ref = listing.next();
            long ticket = tickets++;
            ahead.addLast(new PendingRow(ref, workers.submit(() -> work.apply(ref, ticket)), listing.skipped()));
        }
        PendingRow next = ahead.pollFirst();
        if (next != null) {
            handed++;
        } else if (!listing.hasNext()) {
            skippedAtEnd = listing.skipped();
        }
        return next;
    }

    /**
     * Waits for the row of an image this reader handed on, in read order (the step's processor).
     *
     * @return the row, or {@code null} when a stop abandoned it (it is left out of the chunk and called again on resume)
     */
    public CaptionRow await(PendingRow pending) throws Exception {
        while (!cut) {
            try {
                return delivered(pending, pending.row().get(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                if (stopRequested.getAsBoolean()) {
                    long now = System.nanoTime();
                    if (stopSeenNanos == 0) {
                        stopSeenNanos = now;
                    }
                    cut = now - stopSeenNanos >= stopGraceNanos;
                }
            } catch (CancellationException e) {
                cut = true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CallAbandonedException) {
                    // Given up before it was sent (the budget reached): it and the rows after it are left for the resume.
                    // The rows before it were handed on already and are delivered: their calls were paid.
                    cut = true;
                    stopRun.run();
                    break;
                }
                if (e.getCause() instanceof VirtualMachineError broke) {
                    // Out of memory or stack in one image's work: that image's failed row, and the run goes on.
                    return delivered(pending, ImagePreparer.failed(pending.ref(), broke));
                }
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        // Not interrupted: the worker may be reading the ledger, and an interrupt there makes H2 close the database.
        // It gives up at its next wait, once the work is abandoned (see close()).
        pending.row().cancel(false);
        return null;
    }

    private CaptionRow delivered(PendingRow pending, CaptionRow row) {
        lastKey = pending.ref().key();
        skippedBeforeDelivered = pending.skippedBefore();
        delivered++;
        return row;
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastKey != null) {
            context.putString(key(LAST_KEY), lastKey);
        }
        context.putLong(key(HANDED), delivered);
        // Only what lies behind the saved position: a resume walks what lies ahead of it again.
        saveSkipped(name, context, skipped());
    }

    /** Keeps skip counts in a step's context, where {@link #skipped(String, ExecutionContext)} reads them back. */
    static void saveSkipped(String name, ExecutionContext context, SkipCounts skipped) {
        context.putLong(name + "." + SKIPPED_HIDDEN, skipped.hidden());
        context.putLong(name + "." + SKIPPED_OTHER, skipped.otherTypes());
        context.putLong(name + "." + SKIPPED_EXCLUDED, skipped.excluded());
        context.putLong(name + "." + SKIPPED_LOOPS, skipped.symlinkLoops());
        context.putLong(name + "." + SKIPPED_UNREADABLE, skipped.unreadable());
    }

    /**
     * Cancels the work started ahead (it was never handed to the step, so a resume starts it again) and
     * closes {@code afterWork}, which makes work still running give up at its next wait. Threads are not
     * interrupted: one may be in the middle of a database read, and H2 closes the database on an interrupt.
     */
    @Override
    public void close() {
        ahead.forEach(pending -> pending.row().cancel(false));
        ahead.clear();
        if (workers != null) {
            workers.shutdown();
        }
        if (listing != null) {
            listing.close();
        }
        try {
            afterWork.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close " + afterWork, e);
        }
    }

    /** What the walk passed over up to the last row delivered to the step, in this execution and the ones it resumes. */
    public SkipCounts skipped() {
        boolean allDelivered = skippedAtEnd != null && delivered == handed;
        return skippedBefore.plus(allDelivered ? skippedAtEnd : skippedBeforeDelivered);
    }

    /** Reads skip counts back from a finished step's context. */
    public static SkipCounts skipped(String name, ExecutionContext context) {
        return new SkipCounts(context.getLong(name + "." + SKIPPED_HIDDEN, 0), context.getLong(name + "." + SKIPPED_OTHER, 0),
                context.getLong(name + "." + SKIPPED_EXCLUDED, 0), context.getLong(name + "." + SKIPPED_LOOPS, 0),
                context.getLong(name + "." + SKIPPED_UNREADABLE, 0));
    }

    private void resize(int size) {
        if (size > workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(size);
            workers.setCorePoolSize(size);
        } else if (size < workers.getCorePoolSize()) {
            workers.setCorePoolSize(size);
            workers.setMaximumPoolSize(size);
        }
    }

    private String key(String suffix) {
        return name + "." + suffix;
    }
}
