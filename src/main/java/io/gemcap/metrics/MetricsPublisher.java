package io.gemcap.metrics;

import io.gemcap.events.RunListener;
import io.gemcap.report.RunSummary;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the process's figures, in Prometheus's text format, to where they are read (a file, a Pushgateway) while a run goes
 * on, each as often as it asks, and once more at the run's end, with the run's totals read again from the job database
 * first. A worker's process starts at once (it hears of no run start) and withdraws its figures when it stops. The
 * figures go out on a thread of their own, never the run's: at the run's end it waits for the last ones, at most
 * {@link #LAST_WAIT} (a gateway that answers slowly or not at all costs a warning line, never a stalled run).
 */
public final class MetricsPublisher implements RunListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsPublisher.class);
    static final Duration LAST_WAIT = Duration.ofSeconds(30);

    /** Where the figures go. Neither method throws: a monitor that cannot be reached never costs the run. */
    public interface Outlet {
        void publish(String text);

        /** The process is going: what it published is taken back where that is the convention (a worker's group). */
        default void withdraw() {
        }
    }

    /** An outlet and how often it is handed the figures while a run goes on. */
    public record Scheduled(Outlet outlet, Duration every) {
    }

    private final PrometheusMeterRegistry registry;
    private final RunTotals totals;
    private final List<Scheduled> outlets;
    private final boolean withdrawAtClose;
    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "gemcap-metrics");
        thread.setDaemon(true);
        return thread;
    });
    private boolean running;
    private boolean warnedOfDatabase;

    /**
     * @param withdrawAtClose whether the outlets take the figures back when the process stops (a worker), or keep the last
     *     ones (a run: its totals stay for the monitor)
     */
    public MetricsPublisher(PrometheusMeterRegistry registry, RunTotals totals, List<Scheduled> outlets, boolean withdrawAtClose) {
        this.registry = registry;
        this.totals = totals;
        this.outlets = List.copyOf(outlets);
        this.withdrawAtClose = withdrawAtClose;
    }

    /** Hands every outlet the figures soon (a worker's, as it starts: its group is there from its first partition on). */
    public void publishNow() {
        timer.execute(() -> publish(outlets, false));
    }

    /** Starts handing the figures out on each outlet's schedule. */
    public synchronized void start() {
        if (running || outlets.isEmpty()) {
            return;
        }
        running = true;
        for (Scheduled scheduled : outlets) {
            long millis = scheduled.every().toMillis();
            ticks.add(timer.scheduleAtFixedRate(() -> publish(List.of(scheduled), false), millis, millis, TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void runStarted(RunStart run) {
        totals.follow(run.jobInstanceId(), run.jobKey());
        timer.execute(() -> publish(outlets, true));
        start();
    }

    @Override
    public void runEnded(RunSummary summary) {
        stopTicking();
        last(() -> publish(outlets, true));
    }

    /**
     * Hands the outlets the figures now, with the run's totals read again first if {@code readTotals} or their reading is old.
     */
    void publish(List<Scheduled> to, boolean readTotals) {
        String text;
        synchronized (this) {
            try {
                totals.refresh(readTotals);
            } catch (RuntimeException e) {
                // The job database is away for a moment: the run deals with that; the figures keep their last reading.
                if (!warnedOfDatabase) {
                    warnedOfDatabase = true;
                    LOG.warn("gemcap: metrics keep the run's last totals: the job database did not answer ({})", e.getMessage());
                }
            }
            text = registry.scrape();
        }
        to.forEach(scheduled -> scheduled.outlet().publish(text));
    }

    private synchronized void stopTicking() {
        ticks.forEach(tick -> tick.cancel(false));
        ticks.clear();
        running = false;
    }

    /** Runs {@code handing} on the figures' thread after what is queued there, and waits for it, at most {@link #LAST_WAIT}. */
    private void last(Runnable handing) {
        try {
            timer.submit(handing).get(LAST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("gemcap: the run's last metrics were not handed out within {} s; the run goes on", LAST_WAIT.toSeconds());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("gemcap: the run's last metrics were not handed out: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        boolean wasRunning;
        synchronized (this) {
            wasRunning = running;
        }
        stopTicking();
        if (withdrawAtClose) {
            last(() -> outlets.forEach(scheduled -> scheduled.outlet().withdraw()));
        } else if (wasRunning) {
            // A run that ended without its end being told (an error on the way out): its last figures still go out.
            last(() -> publish(outlets, true));
        }
        timer.shutdownNow();
    }
}
