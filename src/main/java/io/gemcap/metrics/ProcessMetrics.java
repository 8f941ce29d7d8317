package io.gemcap.metrics;

import io.gemcap.events.RunListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What this process did, counted from the run's events into Micrometer meters: calls by how they ended (429s among them),
 * retries, call latency, images prepared and their preparation time, Batch Mode's batches, and the requests of the last
 * minute against the quota's limit. Thread-safe.
 */
public final class ProcessMetrics implements RunListener {

    /** The call latency's buckets (with +Inf, twelve): from a quick caption to the longest call a timeout allows. */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};
    /** Batch Mode's batches as its progress line names their states, and as the label says them. */
    static final Map<String, String> BATCH_STATES = Map.of("to submit", "to_submit", "with the service", "with_service",
            "collected", "collected");
    private static final int WINDOW_SECONDS = 60;

    private final Map<Outcome, Counter> calls = new EnumMap<>(Outcome.class);
    private final Counter retries;
    private final Timer latency;
    private final Counter sendable;
    private final Counter finished;
    private final Timer preparation;
    private final Map<String, AtomicLong> batches = new LinkedHashMap<>();
    private final LongSupplier nanoTime;
    /** Requests per second of the last minute, by the second they were made in. */
    private final long[] perSecond = new long[WINDOW_SECONDS];
    private long newestSecond;

    /**
     * @param requestsPerMinuteLimit the quota's requests per minute, or 0 when none is set (no limit gauge then)
     * @param nanoTime the clock the last minute is measured by
     */
    public ProcessMetrics(MeterRegistry registry, int requestsPerMinuteLimit, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.newestSecond = nanoTime.getAsLong() / 1_000_000_000L;
        for (Outcome outcome : Outcome.values()) {
            calls.put(outcome, Counter.builder("gemcap.gemini.calls").description("Attempts at the Gemini API, by how they ended")
                    .tag("outcome", outcome.label()).register(registry));
        }
        retries = Counter.builder("gemcap.gemini.retries").description("Attempts made again after a failed one (429s included)")
                .register(registry);
        latency = Timer.builder("gemcap.gemini.call.latency").description("How long each attempt at the Gemini API took")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        sendable = prepared(registry, "sendable");
        finished = prepared(registry, "not_sent");
        preparation = Timer.builder("gemcap.image.preparation").description("Reading, checking, scaling and encoding an image")
                .register(registry);
        for (String state : BATCH_STATES.values()) {
            AtomicLong count = new AtomicLong();
            batches.put(state, count);
            Gauge.builder("gemcap.batches", count, AtomicLong::get).description("Batch Mode's batches of the run, by state")
                    .tag("state", state).register(registry);
        }
        Gauge.builder("gemcap.quota.used", this, ProcessMetrics::requestsInLastMinute)
                .description("Requests this process sent in the last minute").tag("quota", "requests_per_minute").register(registry);
        if (requestsPerMinuteLimit > 0) {
            Gauge.builder("gemcap.quota.limit", () -> requestsPerMinuteLimit).description("The quota's limit, as configured")
                    .tag("quota", "requests_per_minute").register(registry);
        }
    }

    private static Counter prepared(MeterRegistry registry, String result) {
        return Counter.builder("gemcap.images.prepared").description("Images read and checked, by whether they are to be sent")
                .tag("result", result).register(registry);
    }

    @Override
    public void attempted(Attempt attempt) {
        calls.get(attempt.outcome()).increment();
        latency.record(attempt.latency());
        synchronized (perSecond) {
            long second = advance();
            perSecond[Math.floorMod(second, WINDOW_SECONDS)]++;
        }
    }

    @Override
    public void retried() {
        retries.increment();
    }

    @Override
    public void imagePrepared(Duration took, boolean toSend) {
        (toSend ? sendable : finished).increment();
        preparation.record(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void batches(Map<String, Long> byState) {
        batches.forEach((state, count) -> count.set(0));
        byState.forEach((words, count) -> {
            AtomicLong gauge = batches.get(BATCH_STATES.getOrDefault(words, words.toLowerCase(Locale.ROOT)));
            if (gauge != null) {
                gauge.set(count);
            }
        });
    }

    double requestsInLastMinute() {
        synchronized (perSecond) {
            advance();
            long sum = 0;
            for (long count : perSecond) {
                sum += count;
            }
            return sum;
        }
    }

    /** Moves the window to now, emptying the seconds that fell out of it; the current second. */
    private long advance() {
        long now = nanoTime.getAsLong() / 1_000_000_000L;
        for (long second = Math.max(newestSecond + 1, now - WINDOW_SECONDS + 1); second <= now; second++) {
            perSecond[Math.floorMod(second, WINDOW_SECONDS)] = 0;
        }
        newestSecond = Math.max(newestSecond, now);
        return now;
    }
}
