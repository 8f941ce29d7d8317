package io.gemcap.report;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress for cron, systemd and pipes: a plain line at most once per interval, no control characters, e.g.
 * {@code 1,200 / 5,000 images (24.0 %), 310 per minute, 12 min left, 2 x 429, 3 retries, $0.0123}.
 */
public final class LogProgress implements ProgressDisplay {

    private final Duration every;
    private final LongSupplier nanoTime;
    private final Consumer<String> out;
    private final long started;
    private long lastShown;

    /** @param nanoTime the clock intervals and speed are measured by ({@link System#nanoTime()} but in tests) */
    public LogProgress(Duration every, LongSupplier nanoTime, Consumer<String> out) {
        this.every = every;
        this.nanoTime = nanoTime;
        this.out = out;
        this.started = nanoTime.getAsLong();
        this.lastShown = started;
    }

    @Override
    public synchronized void show(Progress progress) {
        long now = nanoTime.getAsLong();
        if (now - lastShown < every.toNanos()) {
            return;
        }
        lastShown = now;
        out.accept(line(progress, Duration.ofNanos(now - started)));
    }

    static String line(Progress progress, Duration elapsed) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d", progress.done()));
        if (progress.totalKnown()) {
            text.append(String.format(Locale.ROOT, " / %,d images (%.1f %%)", progress.total(),
                    progress.total() == 0 ? 100.0 : 100.0 * progress.done() / progress.total()));
        } else {
            text.append(String.format(Locale.ROOT, " images (of %,d found so far)", Math.max(progress.total(), progress.done())));
        }
        long doneNow = progress.done() - progress.doneBefore();
        double perMinute = elapsed.toMillis() == 0 ? 0 : doneNow * 60_000.0 / elapsed.toMillis();
        text.append(String.format(Locale.ROOT, ", %,.0f per minute", perMinute));
        if (progress.totalKnown() && perMinute > 0 && progress.total() > progress.done()) {
            text.append(", ").append(SummaryText.duration((progress.total() - progress.done()) * 60.0 / perMinute)).append(" left");
        }
        return text.append(", ").append(progress.extras()).toString();
    }

    @Override
    public void close() {
    }
}
