package io.gemcap.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The run's totals as gauges, read from the job database so that they equal the run's summary across its resumes and
 * whatever process wrote the rows: images by status and reason class, tokens, cost, and when the job last completed.
 * The database is read by {@link #refresh}, before the figures are written or pushed, and at most once a
 * {@link #READ_EVERY} while the run goes on (its rows are read whole: 0.2 to 0.9 s for 500,000 of them); the gauges show
 * the last reading. Thread-safe.
 */
public final class RunTotals {

    /** The token kinds as the results table sums them, and as the label says them. */
    static final Duration READ_EVERY = Duration.ofMinutes(1);
    private static final Map<String, String> TOKEN_KINDS = Map.of("prompt", "input", "output", "output", "thought", "thinking");

    /** Reads a run's totals from the job database. */
    @FunctionalInterface
    public interface Source {
        Totals read(long jobInstanceId, String jobKey);
    }

    /**
     * @param images rows by status label and reason class
     * @param tokens tokens by kind as the results table sums them ({@code prompt}, {@code output}, {@code thought})
     * @param costUsd what the rows cost, or {@code null} when the model has no price
     * @param lastCompleted when the job's last completed run ended, if one did
     */
    public record Totals(Map<String, Map<String, Long>> images, Map<String, Long> tokens, Double costUsd,
            Optional<Instant> lastCompleted) {
    }

    private final MeterRegistry registry;
    private final Map<String, List<String>> reasonsByStatus;
    private final Source source;
    private final LongSupplier nanoTime;
    private long readAt;
    private long jobInstanceId = -1;
    private String jobKey;
    private volatile Totals shown;
    private boolean registered;
    private boolean completedRegistered;

    /** @param reasonsByStatus the closed list of reason classes of each status: every pair is a series, 0 when no row has it */
    public RunTotals(MeterRegistry registry, Map<String, List<String>> reasonsByStatus, Source source) {
        this(registry, reasonsByStatus, source, System::nanoTime);
    }

    /** @param nanoTime the clock the readings are spaced by */
    RunTotals(MeterRegistry registry, Map<String, List<String>> reasonsByStatus, Source source, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.registry = registry;
        this.reasonsByStatus = reasonsByStatus;
        this.source = source;
    }

    /** From now on the totals are this run's. */
    public synchronized void follow(long instance, String key) {
        this.jobInstanceId = instance;
        this.jobKey = key;
        if (!registered) {
            register();
            registered = true;
        }
    }

    /**
     * Reads the followed run's totals from the job database; nothing before a run is followed.
     *
     * @param now read even if the last reading is under {@link #READ_EVERY} old (a run's start and end)
     */
    public synchronized void refresh(boolean now) {
        if (jobInstanceId < 0 || !now && shown != null && nanoTime.getAsLong() - readAt < READ_EVERY.toNanos()) {
            return;
        }
        shown = source.read(jobInstanceId, jobKey);
        readAt = nanoTime.getAsLong();
        if (!completedRegistered && shown.lastCompleted().isPresent()) {
            Gauge.builder("gemcap.last.completed.timestamp.seconds", this,
                    totals -> totals.shown.lastCompleted().map(at -> at.toEpochMilli() / 1000.0).orElse(Double.NaN))
                    .description("When the job's last completed run ended (Unix time)").register(registry);
            completedRegistered = true;
        }
    }

    private void register() {
        reasonsByStatus.forEach((status, reasons) -> reasons.forEach(reason -> Gauge.builder("gemcap.images", this,
                totals -> totals.images(status, reason)).description("The run's images with a row, by status and reason class")
                .tag("status", status).tag("reason", reason).register(registry)));
        TOKEN_KINDS.forEach((column, kind) -> Gauge.builder("gemcap.tokens", this, totals -> totals.tokens(column))
                .description("Tokens the service reported for the run's rows, by kind").tag("kind", kind).register(registry));
        Gauge.builder("gemcap.cost.usd", this, RunTotals::cost).description("What the run's rows cost by the price table (USD)")
                .register(registry);
    }

    private double images(String status, String reason) {
        Totals totals = shown;
        return totals == null ? 0 : totals.images().getOrDefault(status, Map.of()).getOrDefault(reason, 0L);
    }

    private double tokens(String column) {
        Totals totals = shown;
        return totals == null ? 0 : totals.tokens().getOrDefault(column, 0L);
    }

    private double cost() {
        Totals totals = shown;
        return totals == null ? 0 : totals.costUsd() == null ? Double.NaN : totals.costUsd();
    }
}
