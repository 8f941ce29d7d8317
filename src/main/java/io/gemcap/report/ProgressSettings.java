package io.gemcap.report;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a run shows its progress ({@code gemcap.progress.*}).
 *
 * @param every how often a plain progress line is logged when not on a terminal
 * @param bar {@code auto} (a live line on a terminal, plain lines elsewhere), {@code always} or {@code never}
 */
@ConfigurationProperties("gemcap.progress")
public record ProgressSettings(Duration every, String bar) {

    public ProgressSettings {
        if (every == null) {
            every = Duration.ofSeconds(10);
        }
        bar = bar == null ? "auto" : bar.toLowerCase(Locale.ROOT);
        if (!bar.equals("auto") && !bar.equals("always") && !bar.equals("never")) {
            throw new IllegalArgumentException("gemcap.progress.bar is auto, always or never, not '" + bar + "'");
        }
    }

    /**
     * The display for a run of this process: the live line when stdin and stdout are a terminal (and TERM is not
     * {@code dumb}), else plain lines handed to {@code log}.
     */
    public ProgressDisplay display(String task, Consumer<String> log) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        if (bar.equals("always") || bar.equals("auto") && terminal) {
            return new TerminalProgress(task);
        }
        return new LogProgress(every, System::nanoTime, log);
    }
}
