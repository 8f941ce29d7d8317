package io.gemcap.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C during a run. The first drains the run: nothing new is sent, the calls in flight are waited for (up to
 * their time-out) and recorded, and the command ends with exit code 4 (STOPPED), resumable. The second abandons them: the
 * run commits what is done and ends, and if it is still going {@code abandonGrace} later, the process ends at once (what
 * the command does once the run has ended, such as writing the report, is left to finish). A third ends it at once. What
 * each does is said on standard error.
 * The signals are handled before the JVM begins shutting down, because its shutdown hooks (H2
 * closes the database in one) would otherwise pull the job's resources away mid-chunk.
 */
final class GracefulStop {

    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();

    /**
     * @param requestStop asks the run to stop, one step further each time, and says what happens now (given the signal's
     *     name, to say what sending it again does)
     * @param abandonGrace how long, after the second signal, the run may take to end before the process is ended at once
     * @param running whether the run is still going
     */
    void install(UnaryOperator<String> requestStop, Duration abandonGrace, BooleanSupplier running) {
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            previous.add(Signal.handle(signal, caught -> {
                int count = received.incrementAndGet();
                int status = 128 + caught.getNumber();
                if (count >= 3) {
                    Runtime.getRuntime().halt(status);
                }
                System.err.println("gemcap: " + requestStop.apply(caught.getName()));
                if (count == 2) {
                    haltAfter(abandonGrace, running, status);
                }
            }));
            installed.add(signal);
        }
    }

    /** Ends the process unless the run ended first (a step blocked where no stop is looked at). */
    private static void haltAfter(Duration grace, BooleanSupplier running, int status) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!running.getAsBoolean()) {
                return;
            }
            System.err.println("gemcap: the run did not end within " + grace.toSeconds() + " s of the second signal: quitting now");
            Runtime.getRuntime().halt(status);
        }, "gemcap-abandon-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Puts the signals back as they were. */
    void done() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
    }
}
