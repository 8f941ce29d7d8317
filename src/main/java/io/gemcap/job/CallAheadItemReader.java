package io.gemcap.job;

import io.gemcap.caption.ImagePreparer;
import io.gemcap.output.CaptionRow;
import io.gemcap.policy.CallAbandonedException;
import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageSource;
import io.gemcap.source.SkipCounts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads images in walk order and starts each one's work (inspection and call) ahead of the chunk
 * that will write it, on a pool of {@code calls} threads (its share of the calls in flight), keeping twice that many images
 * ahead.
 * Spring Batch's chunk boundary is then no barrier: the calls in flight never drain to zero while
 * a chunk commits.
 *
 * <p>Its saved state is the listing key of the last image whose row was <em>delivered to the step</em>
 * ({@link #await}) when the chunk committed (a relative path, an object key), so a restart continues
 * strictly after it in walk order, even when files were added or removed in between (a count would
 * land on the wrong file). Work started ahead of that position is lost in a crash: a {@code kill -9}
 * pays again at most one chunk plus the look-ahead.
 *
 * <p>A stop ({@link RunStop}) starts nothing new, and the work started ahead gives up before sending
 * ({@link CallAbandonedException}). Draining, the rows whose calls are out are waited for, up to each
 * call's own time-out, and written with the chunk in progress ({@link #rowsStartedAhead}), as far as
 * walk order allows: from the first row given up on, the rows are left for the resume, and the answers
 * among them that were paid for go to {@code unordered} (the ledger), so the resume takes them without
 * paying again. Abandoning, nothing more is waited for. The position stays on the last row delivered.
 * Not thread-safe: the step reads, awaits and writes on one thread; the work function must be thread-safe.
 */
public class CallAheadItemReader implements ItemStreamReader<PendingRow> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CallAheadItemReader.class);

    /** Whether, and how far, the run was asked to stop. */
    @FunctionalInterface
    public interface StopAsked {
        /** @param now look where a request may come from at once (before a commit), not only every few seconds */
        RunStop.Level level(boolean now);
    }

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
    private final IntSupplier calls;
    private final long limit;
    private final StopAsked stop;
    private final Consumer<List<CaptionRow>> unordered;
    private final AutoCloseable afterWork;
    private final Runnable stopRun;
    private final Deque<PendingRow> ahead = new ArrayDeque<>();
    /** Rows handed to the step but left out of it, after a stop cut the chunk: their answers are not committed. */
    private final List<PendingRow> leftOut = new ArrayList<>();
    private SkipCounts skippedBeforeDelivered = SkipCounts.NONE;
    /** What the whole walk passed over, once it has reached its end; behind the position once every row is delivered. */
    private SkipCounts skippedAtEnd;
    private long handed;
    private long delivered;
    /** How many images this execution has started work for: each one's ticket is its place in walk order. */
    private long tickets;
    /** Set once a stop gave up on a row: the rows after it are left out too, so the commit keeps walk order. */
    private boolean cut;
    private ImageSource.Listing listing;
    private ThreadPoolExecutor workers;
    private String lastKey;
    private SkipCounts skippedBefore = SkipCounts.NONE;

    /**
     * @param work an image's row, given the image and its ticket (its place in walk order in this execution, from 0)
     * @param calls how many images' work to run at once: this reader's share of the calls in flight, looked at as it reads
     * @param limit the most images a run hands to the step ({@code --limit}, for pilot runs), or 0 for all
     * @param stop whether the run was asked to stop: no more work is started, and how far decides what is waited for
     * @param stopRun asks the run to stop, once work gave up on a row before its call (the budget was reached): the rows
     *     before it are delivered, it and the rest are left for the resume
     * @param unordered records answers that were paid for but cannot be committed in walk order (the ledger)
     * @param afterWork closed with the reader, once the work started ahead is done or given up: it makes running work give
     *     up and closes what the work writes to
     */
    public CallAheadItemReader(String name, ImageSource source, BiFunction<ImageRef, Long, CaptionRow> work, IntSupplier calls,
            long limit, StopAsked stop, Runnable stopRun, Consumer<List<CaptionRow>> unordered, AutoCloseable afterWork) {
        this.afterWork = Objects.requireNonNull(afterWork, "afterWork");
        this.stopRun = Objects.requireNonNull(stopRun, "stopRun");
        this.unordered = Objects.requireNonNull(unordered, "unordered");
        this.limit = limit;
        this.stop = Objects.requireNonNull(stop, "stop");
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.work = Objects.requireNonNull(work, "work");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public void open(ExecutionContext context) {
        lastKey = context.containsKey(key(LAST_KEY)) ? context.getString(key(LAST_KEY)) : null;
        handed = context.getLong(key(HANDED), 0);
        delivered = handed;
        tickets = 0;
        cut = false;
        leftOut.clear();
        skippedBefore = skipped(name, context);
        skippedBeforeDelivered = SkipCounts.NONE;
        skippedAtEnd = null;
        listing = source.listAfter(lastKey);
        int size = calls.getAsInt();
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "gemcap-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public PendingRow read() {
        if (limit > 0 && handed >= limit) {
            return null;
        }
        RunStop.Level level = stop.level(false);
        if (level != RunStop.Level.NONE) {
            // Nothing new is started; the rows started ahead are handed on, so that those whose calls are out are committed.
            return cut || level == RunStop.Level.ABANDON ? null : handOn(ahead.pollFirst());
        }
        int size = calls.getAsInt();
        resize(size);
        while (ahead.size() < 2 * size && (limit == 0 || handed + ahead.size() < limit) && listing.hasNext()) {
            ImageRef ref = listing.next();
            long ticket = tickets++;
            ahead.addLast(new PendingRow(ref, workers.submit(() -> work.apply(ref, ticket)), listing.skipped()));
        }
        PendingRow next = handOn(ahead.pollFirst());
        if (next == null && !listing.hasNext()) {
            skippedAtEnd = listing.skipped();
        }
        return next;
    }

    private PendingRow handOn(PendingRow next) {
        if (next != null) {
            handed++;
        }
        return next;
    }

    /**
     * Waits for the row of an image this reader handed on, in read order (the step's processor). Draining, a row is waited
     * for until it is done (a call in flight is answered within its time-out; a call not yet sent gives up at once).
     *
     * @return the row, or {@code null} when a stop gave up on it or on a row before it (it is left out of the chunk and
     *     called again on resume)
     */
    public CaptionRow await(PendingRow pending) throws Exception {
        while (!cut) {
            try {
                return delivered(pending, pending.row().get(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                if (stop.level(false) == RunStop.Level.ABANDON) {
                    cut = true;
                }
            } catch (CancellationException e) {
                cut = true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CallAbandonedException) {
                    // Given up before it was answered (a stop, or the budget reached): it and the rows after it are left for
                    // the resume. The rows before it were handed on already and are delivered: their calls were paid.
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
        leftOut.add(pending);
        return null;
    }

    /**
     * The rows to write with the chunk about to be committed, after its own: none while the run goes on. Once it is asked
     * to stop, the rows started ahead of the chunk, waited for in walk order as {@link #await} does, up to the first one
     * given up on; the answers after that one that are done (paid for) go to {@code unordered}. The job database is
     * looked at now for a stop asked from another process, since Spring Batch reads that mark at this commit and then
     * ends the step.
     */
    public List<CaptionRow> rowsStartedAhead() throws Exception {
        if (stop.level(true) == RunStop.Level.NONE) {
            return List.of();
        }
        List<CaptionRow> rows = new ArrayList<>();
        while (!cut && !ahead.isEmpty()) {
            CaptionRow row = await(handOn(ahead.pollFirst()));
            if (row != null) {
                rows.add(row);
            }
        }
        log.info("Stopping: {} rows whose calls were out are written with the last chunk", rows.size());
        recordLeftOut();
        return rows;
    }

    /**
     * Hands the answers of the rows left out, or started ahead and never handed on, to {@code unordered}: draining, once
     * each is done; otherwise those done already. Neither moves the position: a resume walks them again, and takes the
     * answers from the ledger rather than paying again.
     */
    private void recordLeftOut() {
        List<PendingRow> rest = new ArrayList<>(leftOut);
        rest.addAll(ahead);
        leftOut.clear();
        ahead.clear();
        handed = delivered;
        List<CaptionRow> answered = new ArrayList<>();
        for (PendingRow pending : rest) {
            while (!pending.row().isDone() && stop.level(false) == RunStop.Level.DRAIN) {
                try {
                    pending.row().get(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException | CancellationException e) {
                    // done, or looked at again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (pending.row().isDone() && !pending.row().isCancelled()) {
                try {
                    answered.add(pending.row().get());
                } catch (ExecutionException | InterruptedException e) {
                    // given up or failed: nothing was answered, the resume calls it
                }
            }
        }
        if (!answered.isEmpty()) {
            log.info("Stopping: {} answers that cannot be committed in walk order are kept in the ledger for the resume",
                    answered.size());
            unordered.accept(answered);
        }
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
     * Ends the work started ahead. After a stop, its answers (draining, once they come) go to {@code unordered}, for a
     * resume to take; a run that failed records the answers already in and cancels the rest, which was never handed to
     * the step, so a resume starts it again. Then closes {@code afterWork}, which makes work still running give up at its
     * next wait. Threads are not interrupted: one may be in the middle of a database read, and H2 closes the database on
     * an interrupt.
     */
    @Override
    public void close() {
        if (stop.level(false) == RunStop.Level.NONE) {
            ahead.forEach(pending -> pending.row().cancel(false));
        }
        try {
            recordLeftOut();
        } catch (RuntimeException e) {
            log.warn("gemcap: answers of calls in flight at the end could not be kept in the ledger ({}): the resume pays for"
                    + " them again", e.toString());
        }
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
