package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.policy.BreakerSettings;
import io.gemcap.policy.CallAbandonedException;
import io.gemcap.policy.CallPolicy;
import io.gemcap.policy.Concurrency;
import io.gemcap.policy.LimitSettings;
import io.gemcap.policy.QuotaGate;
import io.gemcap.policy.RetrySettings;
import io.gemcap.source.FolderImageSource;
import io.gemcap.source.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class CallAheadItemReaderTests {

    private static final int CONCURRENCY = 2;

    @TempDir
    Path root;

    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Function<ImageRef, CaptionRow> work = ref -> {
        started.add(ref.path());
        return new CaptionRow(CaptionRow.ImageFacts.unread(ref.path()), new CaptionRow.Answer(RowStatus.OK, "caption of " + ref.path(),
                null, null), CaptionRow.Usage.NONE, RowSource.CALL, null);
    };

    @BeforeEach
    void images() throws IOException {
        for (int i = 0; i < 10; i++) {
            Files.createDirectories(root.resolve("d" + (i % 2)));
            Files.write(root.resolve("d" + (i % 2) + "/img" + i + ".png"), new byte[] {1});
        }
    }

    private final AtomicReference<RunStop.Level> stop = new AtomicReference<>(RunStop.Level.NONE);
    /** Answers handed to the reader's {@code unordered}: paid for, but not committed in walk order. */
    private final List<CaptionRow> unordered = new CopyOnWriteArrayList<>();

    private CallAheadItemReader reader(long limit) {
        return reader(limit, work);
    }

    private CallAheadItemReader reader(long limit, Function<ImageRef, CaptionRow> work) {
        return reader(CONCURRENCY, limit, work);
    }

    private CallAheadItemReader reader(int concurrency, long limit, Function<ImageRef, CaptionRow> work) {
        CallPolicy policy = new CallPolicy(new RetrySettings(3, null, null, null), new BreakerSettings(10, 50, null, null),
                QuotaGate.inMemory(LimitSettings.unlimited(concurrency)), "test");
        return new CallAheadItemReader("reader", new FolderImageSource(root), (ref, ticket) -> work.apply(ref),
                new Concurrency(LimitSettings.unlimited(concurrency), policy)::current, limit, now -> stop.get(),
                () -> stop.compareAndSet(RunStop.Level.NONE, RunStop.Level.DRAIN), unordered::addAll, () -> { });
    }

    /** Reads and awaits every row, as the step does. */
    private static List<String> readAll(CallAheadItemReader reader) throws Exception {
        List<String> paths = new ArrayList<>();
        for (PendingRow row = reader.read(); row != null; row = reader.read()) {
            assertThat(reader.await(row).answer().caption()).isEqualTo("caption of " + row.ref().path());
            paths.add(row.ref().path());
        }
        return paths;
    }

    private static void readAndAwait(CallAheadItemReader reader, int rows) throws Exception {
        for (int i = 0; i < rows; i++) {
            reader.await(reader.read());
        }
    }

    @Test
    void workStartsAheadOfWhatTheStepHasTakenInReadOrder() throws Exception {
        CallAheadItemReader reader = reader(0);
        reader.open(new ExecutionContext());
        PendingRow first = reader.read();
        // one row handed to the step, and work started for twice the concurrency, that row included
        assertThat(first.ref().path()).isEqualTo("d0/img0.png");
        await().until(() -> started.size() == 2 * CONCURRENCY);
        assertThat(started).contains("d0/img0.png", "d0/img2.png", "d0/img4.png", "d0/img6.png");
        assertThat(readAll(reader)).hasSize(9);
        reader.close();
    }

    @Test
    void theSavedPositionIsTheLastRowDeliveredToTheStepAndARestartContinuesAfterIt() throws Exception {
        CallAheadItemReader reader = reader(0);
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        readAndAwait(reader, 3);
        // handed to the step but not yet delivered: not behind the position
        reader.read();
        reader.update(context);
        reader.close();
        assertThat(context.getString("reader.lastKey")).isEqualTo("d0/img4.png");

        CallAheadItemReader resumed = reader(0);
        resumed.open(context);
        assertThat(readAll(resumed)).containsExactly("d0/img6.png", "d0/img8.png", "d1/img1.png", "d1/img3.png", "d1/img5.png",
                "d1/img7.png", "d1/img9.png");
        resumed.close();
    }

    @Test
    void anImageWhoseWorkRunsOutOfMemoryOrStackIsAFailedRowAndTheRestAreDelivered() throws Exception {
        CallAheadItemReader reader = reader(0, ref -> switch (ref.path()) {
            case "d0/img2.png" -> throw new OutOfMemoryError("Java heap space");
            case "d1/img3.png" -> throw new StackOverflowError();
            default -> work.apply(ref);
        });
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        List<CaptionRow> rows = new ArrayList<>();
        for (PendingRow row = reader.read(); row != null; row = reader.read()) {
            rows.add(reader.await(row));
        }
        reader.update(context);
        reader.close();
        assertThat(rows).hasSize(10);
        assertThat(rows).filteredOn(row -> row.status() == RowStatus.FAILED).extracting(CaptionRow::path)
                .containsExactly("d0/img2.png", "d1/img3.png");
        assertThat(rows.get(1).answer().error()).contains("ran out of memory", "Java heap space", "-Xmx");
        assertThat(rows.get(6).answer().error()).contains("StackOverflowError");
        assertThat(context.getString("reader.lastKey")).isEqualTo("d1/img9.png");
    }

    @Test
    void aLimitHandsAndStartsNoMoreThanItAllows() throws Exception {
        CallAheadItemReader reader = reader(3);
        reader.open(new ExecutionContext());
        assertThat(readAll(reader)).hasSize(3);
        reader.close();
        assertThat(started).hasSize(3);
    }

    @Test
    void skipsAreSavedUpToTheLastRowHandedSoAResumeCountsEachOnce() throws Exception {
        // a hidden file and a text file beside every image of d1, which the walk reaches ahead of the step
        for (int i = 1; i < 10; i += 2) {
            Files.write(root.resolve("d1/.img" + i + ".png"), new byte[] {1});
            Files.write(root.resolve("d1/notes" + i + ".txt"), new byte[] {1});
        }
        CallAheadItemReader reader = reader(0);
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        readAndAwait(reader, 5);
        reader.update(context);
        reader.close();
        // d0's five images were handed; the walk had looked into d1, but none of its skips lie behind the position
        assertThat(CallAheadItemReader.skipped("reader", context).total()).isZero();

        CallAheadItemReader resumed = reader(0);
        resumed.open(context);
        assertThat(readAll(resumed)).hasSize(5);
        resumed.update(context);
        resumed.close();
        assertThat(CallAheadItemReader.skipped("reader", context)).satisfies(skipped -> {
            assertThat(skipped.hidden()).isEqualTo(5);
            assertThat(skipped.otherTypes()).isEqualTo(5);
        });
    }

    /** Images whose call went out. */
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    /**
     * The work of a run being stopped, as the job's is: work that begins after the stop gives up before its call; the
     * images in {@code inFlight} are sent as soon as they begin and answered once {@code answers} opens.
     */
    private Function<ImageRef, CaptionRow> stoppableWork(java.util.function.Predicate<String> inFlight, CountDownLatch answers) {
        return ref -> {
            if (stop.get() != RunStop.Level.NONE) {
                throw new CallAbandonedException();
            }
            sent.add(ref.path());
            if (inFlight.test(ref.path())) {
                try {
                    answers.await();
                } catch (InterruptedException e) {
                    throw new AssertionError("workers are never interrupted", e);
                }
            }
            return work.apply(ref);
        };
    }

    private static Thread after(long millis, Runnable action) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            action.run();
        });
        thread.start();
        return thread;
    }

    @Test
    void aFirstStopStartsNothingNewAndWritesTheRowsWhoseCallsWereOutWithTheChunkWhateverTheyTake() throws Exception {
        // given a step that has taken the first image, while the second's call, started ahead, is out
        CountDownLatch answers = new CountDownLatch(1);
        CallAheadItemReader reader = reader(2, 0, stoppableWork(Set.of("d0/img0.png", "d0/img2.png")::contains, answers));
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        PendingRow first = reader.read();
        await().until(() -> sent.size() == 2);

        // when the run is asked to stop, and the calls out are answered only later
        stop.set(RunStop.Level.DRAIN);
        after(300, answers::countDown);

        // then the chunk's row is awaited, and the row whose call was out is written with it, however long it took
        assertThat(reader.await(first)).isNotNull();
        List<CaptionRow> withTheChunk = reader.rowsStartedAhead();
        assertThat(withTheChunk).extracting(CaptionRow::path).containsExactly("d0/img2.png");
        // and the work that had not begun when the stop came never made its call, and nothing more is read
        assertThat(sent).containsExactlyInAnyOrder("d0/img0.png", "d0/img2.png");
        assertThat(reader.read()).isNull();
        reader.update(context);
        reader.close();
        assertThat(context.getString("reader.lastKey")).isEqualTo("d0/img2.png");
        assertThat(context.getLong("reader.handed")).isEqualTo(2);
        assertThat(unordered).isEmpty();

        // and a resume starts with the first image not written
        stop.set(RunStop.Level.NONE);
        CallAheadItemReader resumed = reader(0);
        resumed.open(context);
        assertThat(readAll(resumed)).startsWith("d0/img4.png", "d0/img6.png").hasSize(8);
        resumed.close();
    }

    @Test
    void anAnswerPaidForAfterARowGivenUpIsLeftOutOfTheChunkAndRecordedForTheResumeToTake() throws Exception {
        // given three images at work: the first done, the second waiting for its turn (the pacer), the third's call out
        CountDownLatch answers = new CountDownLatch(1);
        Function<ImageRef, CaptionRow> inFlight = stoppableWork(path -> !path.equals("d0/img0.png"), answers);
        CallAheadItemReader reader = reader(3, 0, ref -> {
            if (ref.path().equals("d0/img2.png")) {
                await().atMost(java.time.Duration.ofSeconds(30)).until(() -> stop.get() != RunStop.Level.NONE);
                throw new CallAbandonedException();
            }
            return inFlight.apply(ref);
        });
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        PendingRow first = reader.read();
        assertThat(reader.await(first)).isNotNull();
        await().until(() -> sent.contains("d0/img4.png"));

        // when the run is asked to stop: the waiting one gives up, the one out is answered later
        stop.set(RunStop.Level.DRAIN);
        after(300, answers::countDown);

        // then nothing is written after the first (walk order), and the answers paid for are recorded for the resume
        assertThat(reader.rowsStartedAhead()).isEmpty();
        assertThat(sent).contains("d0/img4.png").doesNotContain("d0/img2.png");
        List<String> paidAfterTheGap = sent.stream().filter(path -> !path.equals("d0/img0.png")).toList();
        assertThat(unordered).extracting(CaptionRow::path).containsExactlyInAnyOrderElementsOf(paidAfterTheGap);
        reader.update(context);
        reader.close();
        assertThat(context.getString("reader.lastKey")).isEqualTo("d0/img0.png");
    }

    @Test
    void aSecondStopWaitsNoLongerForTheCallsOut() throws Exception {
        // given a step draining after a first stop, whose second image's call is out and not answered
        CountDownLatch answers = new CountDownLatch(1);
        CallAheadItemReader reader = reader(2, 0, stoppableWork(path -> !path.equals("d0/img0.png"), answers));
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        PendingRow first = reader.read();
        await().until(() -> sent.size() == 3);
        stop.set(RunStop.Level.DRAIN);
        assertThat(reader.await(first)).isNotNull();

        // when a second stop comes while it waits
        after(300, () -> stop.set(RunStop.Level.ABANDON));

        // then it stops waiting: the chunk keeps the rows done, the call out is abandoned (paid again on resume)
        List<CaptionRow> withTheChunk = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), reader::rowsStartedAhead);
        assertThat(withTheChunk).isEmpty();
        reader.update(context);
        reader.close();
        assertThat(context.getString("reader.lastKey")).isEqualTo("d0/img0.png");
        assertThat(unordered).isEmpty();
        answers.countDown();
    }

    @Test
    void aStopSeenAsAChunkBeginsHandsOnTheRowsStartedAheadRatherThanEndingTheStepEmpty() throws Exception {
        CountDownLatch answers = new CountDownLatch(1);
        CallAheadItemReader reader = reader(2, 0, stoppableWork(Set.of("d0/img0.png", "d0/img2.png")::contains, answers));
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        PendingRow first = reader.read();
        await().until(() -> sent.size() == 2);
        stop.set(RunStop.Level.DRAIN);
        answers.countDown();
        assertThat(reader.await(first)).isNotNull();

        // when the stop is seen at the start of the next chunk, then the rows started ahead are handed on: the one whose
        // call was out is delivered, the ones not begun are given up, and the step ends after them
        List<String> delivered = new ArrayList<>();
        for (PendingRow next = reader.read(); next != null; next = reader.read()) {
            CaptionRow row = reader.await(next);
            if (row != null) {
                delivered.add(row.path());
            }
        }
        assertThat(delivered).containsExactly("d0/img2.png");
        assertThat(reader.rowsStartedAhead()).isEmpty();
        reader.update(context);
        reader.close();
        assertThat(context.getString("reader.lastKey")).isEqualTo("d0/img2.png");
    }
}
