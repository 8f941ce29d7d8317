package io.gemcap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacedQuotaGateTests {

    /** The processes' clock; the pool's (the database's) runs five hours ahead of it. */
    private final AtomicLong nanos = new AtomicLong(Duration.ofDays(1).toNanos());
    private final long poolAhead = Duration.ofHours(5).toNanos();
    private final InMemoryQuotaPool pool = new InMemoryQuotaPool(() -> (nanos.get() + poolAhead) / 1000);

    private static LimitSettings limits(int rpm, long rpd) {
        return new LimitSettings(rpm, 0, rpd, 0, 64, Duration.ofSeconds(1), 1.0, "", 0);
    }

    private PacedQuotaGate process(LimitSettings limits) {
        return new PacedQuotaGate(pool, "team", limits, limits.rpm() > 0, PacedQuotaGate.RequestCost.UNKNOWN, nanos::get, nanos::addAndGet);
    }

    @Test
    void requestsFromManyThreadsAreSpreadOneSlotApartNeverInABurst() throws InterruptedException {
        // given 1200 RPM: one slot every 50 ms (the first 20 slots a tenth wider)
        QuotaGate gate = QuotaGate.inMemory(limits(1200, 0));
        ConcurrentLinkedQueue<Long> granted = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 4; i++) {
                    gate.acquire(300);
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
    void processesOfOnePoolShareOneEvenScheduleOnTheirOwnClocks() {
        // given two processes of one pool at 120 RPM
        PacedQuotaGate a = process(limits(120, 0));
        PacedQuotaGate b = process(limits(120, 0));
        Simulation simulation = new Simulation(0, List.of(a, b));

        // when both send as fast as the gate lets them for five minutes
        simulation.run(Duration.ofMinutes(5));

        // then no sliding minute saw more than 120 requests, and the pool's pace was kept (after the warm-up's wider slots)
        assertThat(simulation.mostInAnyMinute()).isLessThanOrEqualTo(120);
        assertThat(simulation.sent()).isGreaterThanOrEqualTo(5 * 120 - 10);
        assertThat(simulation.sentBy(a)).isGreaterThan(200);
        assertThat(simulation.sentBy(b)).isGreaterThan(200);
    }

    @Test
    void twoProcessesLearnARealQuotaFarBelowTheConfiguredOne() {
        // given two processes configured at 4000 RPM (the default) on a pool whose real quota is 120 per sliding minute
        PacedQuotaGate a = process(limits(4000, 0));
        PacedQuotaGate b = process(limits(4000, 0));
        Simulation simulation = new Simulation(120, List.of(a, b));

        // when they send for ten minutes
        simulation.run(Duration.ofMinutes(10));

        // then after the first minute under 5 % of their calls are 429s, and they use at least 0.9 of the quota
        Simulation.Share afterFirstMinute = simulation.after(Duration.ofMinutes(1));
        assertThat(afterFirstMinute.rateLimitedShare()).isLessThan(0.05);
        assertThat(afterFirstMinute.answeredPerMinute()).isGreaterThanOrEqualTo(0.9 * 120);
        // and the pool keeps the rate it learnt for the next process
        assertThat(pool.state().learntRpm()).isBetween(100.0, 125.0);
        PacedQuotaGate tomorrow = process(limits(4000, 0));
        nanos.addAndGet(Duration.ofHours(10).toNanos());
        tomorrow.acquire(1);
        assertThat(tomorrow.requestsPerSecond() * 60).isBetween(100.0, 125.0);
    }

    @Test
    void theSpendLimitPer10MinutesHoldsForThePoolsCallsAtTheirWorstCase() {
        // given two processes of a pool limited to $0.02 per 10 minutes, whose calls cost at most a tenth of a cent
        LimitSettings limits = new LimitSettings(4000, 0, 0, 0, 64, Duration.ofSeconds(1), 1.0, "", 0.02);
        PacedQuotaGate.RequestCost tenthOfACent = tokens -> 0.001;
        PacedQuotaGate a = new PacedQuotaGate(pool, "team", limits, true, tenthOfACent, nanos::get, nanos::addAndGet);
        PacedQuotaGate b = new PacedQuotaGate(pool, "team", limits, true, tenthOfACent, nanos::get, nanos::addAndGet);
        Simulation simulation = new Simulation(0, List.of(a, b));

        // when they send as fast as the gate lets them for half an hour
        simulation.run(Duration.ofMinutes(30));

        // then no 10 minutes saw more than 20 calls, and the limit was used
        assertThat(simulation.mostIn(Duration.ofMinutes(10))).isLessThanOrEqualTo(20);
        assertThat(simulation.sent()).isGreaterThanOrEqualTo(55);
    }

    @Test
    void aProcessThatEndsGivesBackTheSlotsItDidNotUse() {
        // given a process of a pool at 120 RPM that used 2 of the 20 slots it leased (10 s of them), and ended
        PacedQuotaGate ending = process(limits(120, 0));
        ending.acquire(1);
        ending.acquire(1);
        ending.close();
        long ended = nanos.get();

        // when another process of the pool asks
        process(limits(120, 0)).acquire(1);

        // then it gets the next of them, not one after the ten seconds
        assertThat(Duration.ofNanos(nanos.get() - ended)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aPoolWithNoConfiguredRateLikeVertexAisIsPacedByTheRateItLearns() {
        // given two processes with no request rate that learn (Vertex AI's dynamic shared quota), really 120 a minute
        LimitSettings none = limits(0, 0);
        PacedQuotaGate a = new PacedQuotaGate(pool, "vertex-p-l", none, true, PacedQuotaGate.RequestCost.UNKNOWN, nanos::get, nanos::addAndGet);
        PacedQuotaGate b = new PacedQuotaGate(pool, "vertex-p-l", none, true, PacedQuotaGate.RequestCost.UNKNOWN, nanos::get, nanos::addAndGet);
        Simulation simulation = new Simulation(120, List.of(a, b));

        simulation.run(Duration.ofMinutes(6));

        Simulation.Share afterFirstMinute = simulation.after(Duration.ofMinutes(1));
        assertThat(afterFirstMinute.rateLimitedShare()).isLessThan(0.05);
        assertThat(afterFirstMinute.answeredPerMinute()).isGreaterThanOrEqualTo(0.9 * 120);
    }

    @Test
    void shortDelays429sAtTheStartOfARunOnlyNudgeTheRate() {
        // given two processes at the quota they really have, 300 a minute, whose first calls cross a short window
        PacedQuotaGate a = process(limits(300, 0));
        PacedQuotaGate b = process(limits(300, 0));
        Simulation simulation = new Simulation(300, List.of(a, b)).withJitterAt(3, 12, 40);

        simulation.run(Duration.ofMinutes(3));

        // then the pool keeps nearly all its rate (a few calls say nothing of what a minute allows)
        assertThat(pool.state().learntRpm()).isGreaterThan(0.9 * 300);
        assertThat(simulation.after(Duration.ofMinutes(1)).answeredPerMinute()).isGreaterThanOrEqualTo(0.9 * 300);
    }

    @Test
    void a429MakesEveryProcessOfThePoolWaitTheServersDelay() {
        PacedQuotaGate a = process(limits(0, 0));
        PacedQuotaGate b = process(limits(0, 0));
        a.acquire(1);
        b.acquire(1);
        long before = nanos.get();

        a.rateLimited(Duration.ofSeconds(7));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        b.acquire(1);

        assertThat(Duration.ofNanos(nanos.get() - before)).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void theLowestLimitConfiguredByALiveProcessOfThePoolApplies() {
        PacedQuotaGate low = process(limits(60, 0));
        PacedQuotaGate high = process(limits(600, 0));
        low.acquire(1);
        high.acquire(1);
        // (the first slots of a process are a tenth wider)
        assertThat(high.requestsPerSecond()).isCloseTo(1.0 / 1.1, org.assertj.core.data.Offset.offset(0.01));

        // a minute after the low one last leased, it counts as ended
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        for (int i = 0; i < 40; i++) {
            high.acquire(1);
        }
        assertThat(high.requestsPerSecond()).isEqualTo(10.0);
    }

    @Test
    void theDailyLimitIsThePoolsAndResetsAtMidnightPacific() {
        // given the pool's clock at 23:00 Pacific
        ZonedDateTime elevenPm = ZonedDateTime.of(2026, 12, 7, 23, 0, 0, 0, ZoneId.of("America/Los_Angeles"));
        nanos.set(elevenPm.toInstant().toEpochMilli() * 1_000_000 - poolAhead);
        PacedQuotaGate a = process(limits(0, 3));
        PacedQuotaGate b = process(limits(0, 3));
        a.acquire(1);
        a.acquire(1);
        a.close();
        b.acquire(1);

        assertThatThrownBy(() -> b.acquire(1)).isInstanceOf(DailyQuotaExhaustedException.class)
                .hasMessageContaining("3 requests per day");
        assertThatThrownBy(() -> a.acquire(1)).isInstanceOf(DailyQuotaExhaustedException.class);

        nanos.addAndGet(Duration.ofMinutes(61).toNanos());
        b.acquire(1);
        b.acquire(1);
        b.acquire(1);
        assertThatThrownBy(() -> b.acquire(1)).isInstanceOf(DailyQuotaExhaustedException.class);
    }

    @Test
    void concurrencyFollowsLittlesLawFromTheRateAndTheLatency() {
        LimitSettings settings = new LimitSettings(300, 0, 0, 0, 64, Duration.ofMillis(1200), 1.0, "", 0);
        CallPolicy policy = new CallPolicy(new RetrySettings(3, null, null, null), new BreakerSettings(10, 50, null, null),
                QuotaGate.inMemory(settings), "test");
        // 5 requests/s x 1.2 s x 1.5 headroom + 1
        assertThat(new Concurrency(settings, policy).current()).isEqualTo(10);
        assertThat(new Concurrency(LimitSettings.unlimited(7), policy).current()).isEqualTo(7);
    }

    /**
     * Processes with one worker each, sending as soon as their gate lets them to a service with a quota per sliding
     * minute (0: none), on the test's clock.
     */
    private final class Simulation {

        record Call(long at, PacedQuotaGate by, boolean answered) {
        }

        record Share(double rateLimitedShare, double answeredPerMinute) {
        }

        private final int quota;
        private final List<PacedQuotaGate> processes;
        private final Deque<Long> window = new ArrayDeque<>();
        private final List<Call> calls = new ArrayList<>();
        private final long start = nanos.get();
        /** Calls (by number) answered 429 with a short delay whatever the quota: a short window crossed by jitter. */
        private java.util.Set<Integer> jitter = java.util.Set.of();

        Simulation withJitterAt(Integer... calls) {
            jitter = java.util.Set.of(calls);
            return this;
        }

        Simulation(int quota, List<PacedQuotaGate> processes) {
            this.quota = quota;
            this.processes = processes;
        }

        void run(Duration length) {
            long[] slots = new long[processes.size()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = processes.get(i).nextSlot();
            }
            while (nanos.get() - start < length.toNanos()) {
                int next = 0;
                for (int i = 1; i < slots.length; i++) {
                    if (slots[i] < slots[next]) {
                        next = i;
                    }
                }
                nanos.set(Math.max(nanos.get(), slots[next]));
                PacedQuotaGate gate = processes.get(next);
                long now = nanos.get();
                while (!window.isEmpty() && now - window.peekFirst() >= Duration.ofMinutes(1).toNanos()) {
                    window.pollFirst();
                }
                if (jitter.contains(calls.size())) {
                    calls.add(new Call(now, gate, false));
                    gate.rateLimited(Duration.ofMillis(200));
                } else if (quota == 0 || window.size() < quota) {
                    window.addLast(now);
                    calls.add(new Call(now, gate, true));
                    gate.succeeded(300, 300);
                } else {
                    calls.add(new Call(now, gate, false));
                    gate.rateLimited(Duration.ofNanos(window.peekFirst() + Duration.ofMinutes(1).toNanos() - now));
                }
                slots[next] = gate.nextSlot();
            }
        }

        int mostInAnyMinute() {
            return mostIn(Duration.ofMinutes(1));
        }

        int mostIn(Duration window) {
            List<Long> times = calls.stream().filter(Call::answered).map(Call::at).toList();
            int most = 0;
            int from = 0;
            for (int to = 0; to < times.size(); to++) {
                while (times.get(to) - times.get(from) >= window.toNanos()) {
                    from++;
                }
                most = Math.max(most, to - from + 1);
            }
            return most;
        }

        long sent() {
            return calls.size();
        }

        long sentBy(PacedQuotaGate gate) {
            return calls.stream().filter(call -> call.by() == gate).count();
        }

        Share after(Duration skipped) {
            List<Call> later = calls.stream().filter(call -> call.at() - start >= skipped.toNanos()).toList();
            long limited = later.stream().filter(call -> !call.answered()).count();
            double minutes = (nanos.get() - start - skipped.toNanos()) / 60e9;
            return new Share((double) limited / later.size(), (later.size() - limited) / minutes);
        }
    }
}
