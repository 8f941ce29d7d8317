package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.policy.BreakerSettings;
import io.gemcap.policy.CallPolicy;
import io.gemcap.policy.Concurrency;
import io.gemcap.policy.LimitSettings;
import io.gemcap.policy.QuotaPacer;
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
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private CallAheadItemReader reader(long limit) {
        return reader(limit, work);
    }

    private CallAheadItemReader reader(long limit, Function<ImageRef, CaptionRow> work) {
        CallPolicy policy = new CallPolicy(new RetrySettings(3, null, null, null), new BreakerSettings(10, 50, null, null),
                new QuotaPacer(LimitSettings.unlimited(CONCURRENCY)), "test");
        return new CallAheadItemReader("reader", new FolderImageSource(root), (ref, ticket) -> work.apply(ref),
                new Concurrency(LimitSettings.unlimited(CONCURRENCY), policy), limit, stopRequested::get, () -> stopRequested.set(true), java.time.Duration.ZERO,
                () -> { });
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

    @Test
    void aStopAbandonsTheFirstRowNotDoneAndTheRestOfTheChunkAndKeepsThePositionOnTheLastRowDelivered() throws Exception {
        // given a call that hangs (a service in its retries) for the third image, until the work is abandoned
        CountDownLatch abandoned = new CountDownLatch(1);
        CallAheadItemReader reader = new CallAheadItemReader("reader", new FolderImageSource(root), (ref, ticket) -> {
            if (ref.path().equals("d0/img4.png")) {
                try {
                    abandoned.await();
                } catch (InterruptedException e) {
                    throw new AssertionError("workers are never interrupted", e);
                }
            }
            return work.apply(ref);
        }, new Concurrency(LimitSettings.unlimited(CONCURRENCY), new CallPolicy(new RetrySettings(3, null, null, null),
                new BreakerSettings(10, 50, null, null), new QuotaPacer(LimitSettings.unlimited(CONCURRENCY)), "test")), 0,
                stopRequested::get, () -> stopRequested.set(true), java.time.Duration.ZERO, abandoned::countDown);
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        PendingRow first = reader.read();
        PendingRow second = reader.read();
        PendingRow hanging = reader.read();
        PendingRow fourth = reader.read();
        assertThat(reader.await(first)).isNotNull();
        assertThat(reader.await(second)).isNotNull();

        // when a stop is requested while the step waits for the hanging row
        stopRequested.set(true);

        // then that row and the one after it are left out, and no more are read
        assertThat(reader.await(hanging)).isNull();
        assertThat(reader.await(fourth)).isNull();
        assertThat(reader.read()).isNull();
        reader.update(context);
        // and closing the reader abandons the work still running
        reader.close();
        assertThat(abandoned.getCount()).isZero();
        assertThat(context.getString("reader.lastKey")).isEqualTo("d0/img2.png");
        assertThat(context.getLong("reader.handed")).isEqualTo(2);

        // and a resume starts with the abandoned image
        stopRequested.set(false);
        CallAheadItemReader resumed = reader(0);
        resumed.open(context);
        assertThat(readAll(resumed)).startsWith("d0/img4.png", "d0/img6.png").hasSize(8);
        resumed.close();
    }
}
