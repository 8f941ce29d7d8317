package io.gemcap.job;

import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Logs a progress line as chunks are written, at most once per interval. */
public class ProgressLog implements ItemWriter<CaptionRow> {

    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    private final Map<RowStatus, Long> counts = new EnumMap<>(RowStatus.class);
    private final long intervalNanos;
    private final long started = System.nanoTime();
    private long lastLogged = started;

    public ProgressLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void write(Chunk<? extends CaptionRow> chunk) {
        for (CaptionRow row : chunk) {
            counts.merge(row.status(), 1L, Long::sum);
        }
        long now = System.nanoTime();
        if (now - lastLogged >= intervalNanos) {
            lastLogged = now;
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            double seconds = (now - started) / 1e9;
            log.info("{} images this session ({}), {} images/s", total, describe(counts), String.format("%.1f", total / seconds));
        }
    }

    static String describe(Map<RowStatus, Long> counts) {
        StringBuilder text = new StringBuilder();
        for (RowStatus status : RowStatus.values()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(counts.getOrDefault(status, 0L)).append(' ').append(status.label());
        }
        return text.toString();
    }
}
