package io.gemcap.testing;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Two writers let go at the same moment, round after round, each on a thread of its own. */
public final class Races {

    private Races() {
    }

    /**
     * Runs {@code first} and {@code second} with the round's number, {@code rounds} times, both released together each
     * round; throws what either threw.
     */
    public static void run(int rounds, IntConsumer first, IntConsumer second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = threads.submit(() -> rounds(rounds, start, first));
            Future<?> b = threads.submit(() -> rounds(rounds, start, second));
            a.get(5, TimeUnit.MINUTES);
            b.get(5, TimeUnit.MINUTES);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Void rounds(int rounds, CyclicBarrier start, IntConsumer writer) throws Exception {
        try {
            for (int round = 0; round < rounds; round++) {
                start.await(1, TimeUnit.MINUTES);
                writer.accept(round);
            }
            return null;
        } catch (RuntimeException | Error e) {
            // the other writer stops at the next round instead of waiting for this one
            start.reset();
            throw e;
        }
    }
}
