package io.gemcap.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunEventsTests {

    private final RunEvents events = new RunEvents();

    @Test
    void aSubscriberThatFailsDoesNotKeepTheEventFromTheOthers() {
        List<String> heard = new ArrayList<>();
        events.subscribe(new RunListener() {
            @Override
            public void retried() {
                throw new IllegalStateException("a broken counter");
            }
        });
        events.subscribe(new RunListener() {
            @Override
            public void retried() {
                heard.add("retried");
            }
        });

        events.retried();

        assertThat(heard).containsExactly("retried");
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() {
        PushbackTally tally = new PushbackTally();
        RunEvents.Subscription subscription = events.subscribe(tally);
        events.attempted(new RunListener.Attempt(RunListener.Outcome.RATE_LIMITED, Duration.ofMillis(5)));
        events.retried();

        subscription.close();
        events.attempted(new RunListener.Attempt(RunListener.Outcome.RATE_LIMITED, Duration.ofMillis(5)));
        events.retried();

        assertThat(tally.rateLimited()).isEqualTo(1);
        assertThat(tally.retries()).isEqualTo(1);
    }

    @Test
    void theTallyCountsOnly429sAsRateLimited() {
        PushbackTally tally = new PushbackTally();
        events.subscribe(tally);
        for (RunListener.Outcome outcome : RunListener.Outcome.values()) {
            events.attempted(new RunListener.Attempt(outcome, Duration.ZERO));
        }
        assertThat(tally.rateLimited()).isEqualTo(1);
    }
}
