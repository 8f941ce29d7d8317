package io.gemcap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class QuotaPacerTests {

    private static LimitSettings limits(int rpm, long rpd) {
        return new LimitSettings(rpm, 0, rpd, 0, 64, Duration.ofSeconds(1), 1.0);
    }

    @Test
    void requestsFromManyThreadsAreSpreadOneSlotApartNeverInABurst() throws InterruptedException {
        // given 1200 RPM: one slot every 50 ms (the first 20 slots a tenth wider)
        QuotaPacer pacer = new QuotaPacer(limits(1200, 0));
        ConcurrentLinkedQueue<Long> granted = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 4; i++) {
                    pacer.acquire(300);
                    granted.add(System.nanoTime());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // then 16 requests span at least 15 slots
        long first = granted.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = granted.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(Duration.ofNanos(last - first)).isGreaterThanOrEqualTo(Duration.ofMillis(15 * 50));
    }

    @Test
    void a429MakesEveryWorkerWaitTheServersDelay() {
        QuotaPacer pacer = new QuotaPacer(limits(0, 0));
        pacer.acquire(1);
        long before = System.nanoTime();
        pacer.rateLimited(Duration.ofMillis(400));
        pacer.acquire(1);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void theDailyLimitStopsTheRequestAfterIt() {
        QuotaPacer pacer = new QuotaPacer(limits(0, 3));
        pacer.acquire(1);
        pacer.acquire(1);
        pacer.acquire(1);
        assertThatThrownBy(() -> pacer.acquire(1)).isInstanceOf(DailyQuotaExhaustedException.class)
                .hasMessageContaining("3 requests per day");
    }

    @Test
    void concurrencyFollowsLittlesLawFromTheRateAndTheLatency() {
        LimitSettings settings = new LimitSettings(300, 0, 0, 0, 64, Duration.ofMillis(1200), 1.0);
        CallPolicy policy = new CallPolicy(new RetrySettings(3, null, null, null), new BreakerSettings(10, 50, null, null),
                new QuotaPacer(settings), "test");
        // 5 requests/s x 1.2 s x 1.5 headroom + 1
        assertThat(new Concurrency(settings, policy).current()).isEqualTo(10);
        assertThat(new Concurrency(LimitSettings.unlimited(7), policy).current()).isEqualTo(7);
    }
}
