package io.gemcap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gemcap.events.RunEvents;
import io.gemcap.events.RunListener;
import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.gemini.TransientCallException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallPolicyTests {

    /** Each attempt takes a second of the policy's clock. */
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger attempts = new AtomicInteger();

    private final java.util.function.Supplier<String> failsWith500 = () -> {
        attempts.incrementAndGet();
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        throw new TransientCallException(TransientCallException.Kind.SERVER, "500 Internal error", null);
    };

    /** One worker's policy on the test's clock, whose backoff (20 ms) equals the breaker's open wait. */
    private CallPolicy policy(int attemptsPerImage, int breakerWindow, Duration patience) {
        Duration wait = Duration.ofMillis(20);
        return new CallPolicy(new RetrySettings(attemptsPerImage, wait, wait, Duration.ofMinutes(10)),
                new BreakerSettings(breakerWindow, 50, wait, patience),
                QuotaGate.inMemory(LimitSettings.unlimited(1)), "test", clock::get);
    }

    @Test
    void aSingleWorkerAgainstAServiceThatOnlyFailsStopsOncePastThePatienceWhateverTheBreakersState() {
        // given one worker whose longest backoff equals the breaker's open wait, so that its retries always meet
        // the breaker half-open and never see it refuse a call
        CallPolicy policy = policy(6, 4, Duration.ofSeconds(30));
        // when it calls image after image (a row fails when its attempts run out while the breaker is closed),
        // then the job stops as unreachable once 30 s of its clock have passed since the breaker opened
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int image = 0; image < 100; image++) {
                try {
                    policy.execute(1, failsWith500);
                } catch (TransientCallException failedRow) {
                    // next image
                }
            }
        })).isInstanceOf(GeminiFatalException.class).hasMessageContaining("failing for over 30 s").hasMessageContaining("500");
        // the breaker opened after 4 failed calls; from then on 30 s of attempts, one more to notice
        assertThat(attempts.get()).isBetween(4 + 30, 4 + 32);
    }

    @Test
    void everyAttemptAndEveryRetryIsToldToTheRunsEventsWithHowItEnded() {
        List<RunListener.Outcome> outcomes = new CopyOnWriteArrayList<>();
        AtomicInteger retries = new AtomicInteger();
        RunEvents events = new RunEvents();
        events.subscribe(new RunListener() {
            @Override
            public void attempted(Attempt attempt) {
                outcomes.add(attempt.outcome());
            }

            @Override
            public void retried() {
                retries.incrementAndGet();
            }
        });
        Duration wait = Duration.ofMillis(1);
        CallPolicy policy = new CallPolicy(new RetrySettings(5, wait, wait, Duration.ofMinutes(10)),
                new BreakerSettings(100, 50, wait, Duration.ofMinutes(10)), QuotaGate.inMemory(LimitSettings.unlimited(1)), "test",
                clock::get, new CallPolicy.Registries(CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults()), events);
        java.util.Iterator<TransientCallException.Kind> failures = List.of(TransientCallException.Kind.RATE_LIMITED,
                TransientCallException.Kind.SERVER, TransientCallException.Kind.TIMEOUT, TransientCallException.Kind.NETWORK).iterator();

        String answer = policy.execute(1, () -> {
            if (failures.hasNext()) {
                throw new TransientCallException(failures.next(), "failed", Duration.ofMillis(1));
            }
            return "caption";
        });

        assertThat(answer).isEqualTo("caption");
        assertThat(outcomes).containsExactly(RunListener.Outcome.RATE_LIMITED, RunListener.Outcome.SERVER_ERROR,
                RunListener.Outcome.TIMEOUT, RunListener.Outcome.NETWORK, RunListener.Outcome.ANSWERED);
        assertThat(retries).hasValue(4);
    }

    @Test
    void aStopMakesNoFurtherAttemptsAndTakesNoMoreSlots() {
        CallPolicy policy = policy(100, 1000, Duration.ofMinutes(10));
        java.util.function.Supplier<String> stopsAfterItsFirstAttempt = () -> {
            attempts.incrementAndGet();
            policy.stopSending();
            throw new TransientCallException(TransientCallException.Kind.SERVER, "500 Internal error", null);
        };

        // a call answered 500 as the run stops is given up, not retried, and says its request went out
        assertThatThrownBy(() -> policy.execute(1, stopsAfterItsFirstAttempt)).isInstanceOfSatisfying(CallAbandonedException.class,
                e -> assertThat(e.sent()).isTrue());
        assertThat(attempts.get()).isEqualTo(1);
        // and a call after the stop is not sent at all
        assertThatThrownBy(() -> policy.execute(1, failsWith500)).isInstanceOfSatisfying(CallAbandonedException.class,
                e -> assertThat(e.sent()).isFalse());
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aRequestInFlightWhenTheRunStopsIsAnsweredAndItsAnswerKept() throws Exception {
        CallPolicy policy = policy(3, 1000, Duration.ofMinutes(10));
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> policy.execute(1, () -> {
            sent.countDown();
            await(answer);
            return "caption";
        }));
        sent.await();
        assertThat(policy.inFlight()).isEqualTo(1);

        policy.stopSending();
        answer.countDown();

        assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("caption");
        assertThat(policy.inFlight()).isZero();
    }

    @Test
    void aCallWaitingOutABackoffGivesUpAsSoonAsTheRunStops() {
        // given a retry backoff of ten minutes, and a call that failed once and waits it out
        Duration tenMinutes = Duration.ofMinutes(10);
        CallPolicy policy = new CallPolicy(new RetrySettings(5, tenMinutes, tenMinutes, Duration.ofHours(1)),
                new BreakerSettings(1000, 50, Duration.ofMillis(20), Duration.ofHours(1)),
                QuotaGate.inMemory(LimitSettings.unlimited(1)), "test", clock::get);
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> policy.execute(1, failsWith500));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() == 1);

        // when the run stops, then the call gives up without its second attempt, long before the backoff ends
        policy.stopSending();
        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CallAbandonedException.class);
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aCallWaitingForAnOpenBreakerGivesUpAsAbandonedNotAsAServiceDown() {
        // given a breaker that opens on two failures in a row and then stays open for an hour
        CallPolicy policy = new CallPolicy(new RetrySettings(100, Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofHours(1)),
                new BreakerSettings(2, 50, Duration.ofHours(1), Duration.ofHours(2)),
                QuotaGate.inMemory(LimitSettings.unlimited(1)), "test", clock::get);
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> policy.execute(1, failsWith500));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() == 2);

        // when the run stops while the call waits for the breaker, then it is given up as abandoned
        policy.stopSending();
        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CallAbandonedException.class);
        assertThat(attempts.get()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
