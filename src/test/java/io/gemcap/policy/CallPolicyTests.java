package io.gemcap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gemcap.gemini.GeminiFatalException;
import io.gemcap.gemini.TransientCallException;
import java.time.Duration;
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
                new QuotaPacer(LimitSettings.unlimited(1)), "test", clock::get);
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
    void anAbandonedRunMakesNoFurtherAttemptsAndTakesNoMoreSlots() {
        CallPolicy policy = policy(100, 1000, Duration.ofMinutes(10));
        java.util.function.Supplier<String> abandonsAfterItsFirstAttempt = () -> {
            attempts.incrementAndGet();
            policy.abandon();
            throw new TransientCallException(TransientCallException.Kind.SERVER, "500 Internal error", null);
        };

        assertThatThrownBy(() -> policy.execute(1, abandonsAfterItsFirstAttempt)).isInstanceOf(TransientCallException.class);
        assertThat(attempts.get()).isEqualTo(1);
        assertThatThrownBy(() -> policy.execute(1, failsWith500)).isInstanceOf(CallAbandonedException.class);
        assertThat(attempts.get()).isEqualTo(1);
    }
}
