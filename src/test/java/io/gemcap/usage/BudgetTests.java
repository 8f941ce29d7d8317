package io.gemcap.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.policy.CallAbandonedException;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BudgetTests {

    private static final BigDecimal TEN = BigDecimal.TEN;

    @Test
    void aReservationThatCouldPassTheAllowanceIsRefusedAndSoIsEveryOneAfterIt() {
        Budget budget = new Budget(new BigDecimal("25"), "its budget of 25 USD");
        Budget.Reservation first = budget.reserve(0, TEN);
        Budget.Reservation second = budget.reserve(1, TEN);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        // 20 held: another 10 could pass 25
        assertThat(budget.reserve(2, TEN)).isNull();
        assertThat(budget.reached()).isTrue();
        // settled far below the reservations, there would be room again; but once refused, the run stops there
        budget.settle(first, BigDecimal.ONE);
        budget.settle(second, BigDecimal.ONE);
        assertThat(budget.reserve(3, BigDecimal.ONE)).isNull();
    }

    @Test
    void aLaterTicketWaitsForEveryEarlierOneToBeDecided() throws Exception {
        Budget budget = new Budget(new BigDecimal("100"), "a budget");
        CompletableFuture<Budget.Reservation> later = CompletableFuture.supplyAsync(() -> budget.reserve(2, TEN));
        Thread.sleep(50);
        assertThat(later).isNotDone();
        budget.reserve(0, TEN);
        assertThat(later).isNotDone();
        // an image that needs no call lets the next one go
        budget.pass(1);
        assertThat(later.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void abandoningReleasesEveryWaiter() {
        Budget budget = new Budget(new BigDecimal("100"), "a budget");
        CompletableFuture<Budget.Reservation> waiting = CompletableFuture.supplyAsync(() -> budget.reserve(5, TEN));
        budget.abandon();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CallAbandonedException.class);
    }
}
