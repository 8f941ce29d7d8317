package io.gemcap.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C during a run: the first asks the run to stop within a moment: rows already done
 * are committed, calls still waiting (in a backoff, for the breaker or the pacer) are abandoned and
 * made again on resume, and the command ends with exit code 4 (STOPPED); a second one ends the
 * process at once.
 * The signals are handled before the JVM begins shutting down, because its shutdown hooks (H2
 * closes the database in one) would otherwise pull the job's resources away mid-chunk.
 */
final class GracefulStop {

    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile boolean requested;

    void install(Runnable requestStop) {
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            previous.add(Signal.handle(signal, received -> {
                if (requested) {
                    Runtime.getRuntime().halt(128 + received.getNumber());
                }
                requested = true;
                System.err.println("gemcap: stopping: committing the rows done, abandoning calls still waiting ("
                        + received.getName() + " again to quit at once)");
                requestStop.run();
            }));
            installed.add(signal);
        }
    }

    /** Puts the signals back as they were. */
    void done() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
    }
}
