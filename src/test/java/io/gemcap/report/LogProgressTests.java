package io.gemcap.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogProgressTests {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final LogProgress progress = new LogProgress(Duration.ofSeconds(10), clock::get, lines::add);

    private static Progress at(long done, long total, boolean known) {
        return new Progress(done, 0, total, known, 0, 2, 5, 0.0123, "");
    }

    @Test
    void showsALineAtMostOncePerInterval() {
        progress.show(at(10, 100, true));
        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        progress.show(at(20, 100, true));
        assertThat(lines).isEmpty();

        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.show(at(25, 100, true));
        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        progress.show(at(30, 100, true));

        assertThat(lines).hasSize(1);
    }

    @Test
    void aLineSaysTheCountTheSpeedTheTimeLeftThePushbackAndTheCost() {
        clock.addAndGet(Duration.ofSeconds(60).toNanos());
        progress.show(at(250, 1000, true));

        assertThat(lines).containsExactly("250 / 1,000 images (25.0 %), 250 per minute, 3 min 00 s left, 429s: 2, retries: 5, $0.0123");
    }

    @Test
    void aResumedRunsSpeedIsThisExecutionsAlone() {
        clock.addAndGet(Duration.ofSeconds(60).toNanos());
        progress.show(new Progress(900, 800, 1000, true, 0, 0, 0, null, ""));

        assertThat(lines.get(0)).startsWith("900 / 1,000 images (90.0 %), 100 per minute, 1 min 00 s left");
    }

    @Test
    void withoutATotalItSaysHowManyWereFoundSoFar() {
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        progress.show(new Progress(40, 0, 40, false, 3, 0, 0, null, "2 with the service, 1 collected"));

        assertThat(lines).containsExactly("40 images (of 40 found so far), 80 per minute, 3 failed, 429s: 0, retries: 0, batches: 2 with"
                + " the service, 1 collected");
    }
}
