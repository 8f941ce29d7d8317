package io.gemcap.report;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The live line on a terminal: images done of the total, images per minute, time left, and the extras. */
final class TerminalProgress implements ProgressDisplay {

    private final ProgressBarBuilder builder;
    private ProgressBar bar;

    TerminalProgress(String task) {
        this.builder = new ProgressBarBuilder().setTaskName(task).setUnit(" img", 1).showSpeed().setSpeedUnit(ChronoUnit.MINUTES)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate();
    }

    @Override
    public synchronized void show(Progress progress) {
        if (bar == null) {
            // A resumed run starts at what earlier executions did; the speed and time left are this execution's.
            bar = builder.setInitialMax(progress.totalKnown() ? progress.total() : -1)
                    .startsFrom(progress.doneBefore(), Duration.ZERO).build();
        }
        bar.maxHint(progress.totalKnown() ? Math.max(progress.total(), progress.done()) : -1);
        bar.stepTo(progress.done());
        bar.setExtraMessage(" " + progress.extras());
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
