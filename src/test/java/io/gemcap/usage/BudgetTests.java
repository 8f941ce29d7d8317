package io.gemcap.usage;

import io.gemcap.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.policy.CallAbandonedException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BudgetTests {

    private static final BigDecimal TEN = BigDecimal.TEN;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private static final long RUN = 7;

    private static BudgetSettings budgetOf(String usd) {
        return new BudgetSettings(new BigDecimal(usd), BigDecimal.ZERO);
    }

    @Test
    void aCallThatCouldPassTheBudgetWithNothingInFlightIsRefusedAndSoIsEveryOneAfterIt() {
        // given a run of budget 25 that spent 20
        Budget budget = new Budget(new MemorySpend(budgetOf("25"), CLOCK), RUN, true);
        budget.settle(budget.reserve(0, Spend.Kind.CALL, TEN), TEN);
        budget.settle(budget.reserve(1, Spend.Kind.CALL, TEN), TEN);

        // then another 10 could pass 25: refused at once, as nothing in flight could leave room
        assertThat(budget.reserve(2, Spend.Kind.CALL, TEN)).isNull();
        assertThat(budget.reached()).isTrue();
        assertThat(budget.limit()).isEqualTo("its budget of 25 USD (20 billed or held)");
        // and once refused, the run stops there even for a call that would fit
        assertThat(budget.reserve(3, Spend.Kind.CALL, BigDecimal.ONE)).isNull();
    }

    @Test
    void aCallThatDoesNotFitWaitsForTheCallsInFlightAndGoesWhenTheirSettlementsLeaveRoomInWalkOrder() throws Exception {
        // given two calls in flight holding 20 of 25
        Budget budget = new Budget(new MemorySpend(budgetOf("25"), CLOCK), RUN, true);
        Spend.Reservation first = budget.reserve(0, Spend.Kind.CALL, TEN);
        budget.reserve(1, Spend.Kind.CALL, TEN);

        // when a third asks for 10, and a fourth after it for 1 (which would fit now)
        CompletableFuture<Spend.Reservation> third = CompletableFuture.supplyAsync(() -> budget.reserve(2, Spend.Kind.CALL, TEN));
        CompletableFuture<Spend.Reservation> fourth = CompletableFuture.supplyAsync(() -> budget.reserve(3, Spend.Kind.CALL,
                BigDecimal.ONE));

        // then both wait: the run has not reached its budget, and no image after a waiting one goes first
        Thread.sleep(300);
        assertThat(third).isNotDone();
        assertThat(fourth).isNotDone();
        assertThat(budget.reached()).isFalse();

        // and when the first call settles far below its worst case, both go, in walk order
        budget.settle(first, BigDecimal.ONE);
        assertThat(third.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(fourth.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void whenTheCallsInFlightSettleWithoutLeavingRoomTheWaitingCallIsRefused() throws Exception {
        Budget budget = new Budget(new MemorySpend(budgetOf("25"), CLOCK), RUN, true);
        Spend.Reservation first = budget.reserve(0, Spend.Kind.CALL, TEN);
        Spend.Reservation second = budget.reserve(1, Spend.Kind.CALL, TEN);
        CompletableFuture<Spend.Reservation> third = CompletableFuture.supplyAsync(() -> budget.reserve(2, Spend.Kind.CALL, TEN));

        budget.settle(first, new BigDecimal("9"));
        budget.settle(second, new BigDecimal("9"));

        assertThat(third.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(budget.reached()).isTrue();
    }

    @Test
    void aKilledExecutionsCallsNeverSettledCountAtTheirWorstCaseAndAreNotWaitedFor() {
        // given an execution killed with two calls sent and never settled
        MemorySpend spend = new MemorySpend(budgetOf("25"), CLOCK);
        spend.reserve(RUN, Spend.Kind.CALL, TEN);
        spend.reserve(RUN, Spend.Kind.CALL, TEN);
        spend.orphanUnsettled();

        // when the run resumes, then its first call that could pass the budget is refused without waiting
        Budget resumed = new Budget(spend, RUN, true);
        assertThat(resumed.reserve(0, Spend.Kind.CALL, TEN)).isNull();
        assertThat(spend.billed(RUN)).isEqualTo(new Spend.Billed(new BigDecimal("20"), 2));
    }

    @Test
    void theDailyCapCountsEveryRunsSpendThatDayAndTheNextDayStartsAfresh() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T22:00:00Z"));
        MemorySpend spend = new MemorySpend(new BudgetSettings(BigDecimal.ZERO, new BigDecimal("15")), clock);
        Budget one = new Budget(spend, 1L, true);
        Budget other = new Budget(spend, 2L, true);
        one.settle(one.reserve(0, Spend.Kind.CALL, TEN), TEN);

        assertThat(other.reserve(0, Spend.Kind.CALL, TEN)).isNull();
        assertThat(other.limit()).startsWith("today's cap of 15 USD");

        clock.now = Instant.parse("2026-12-08T01:00:00Z");
        assertThat(new Budget(spend, 2L, true).reserve(0, Spend.Kind.CALL, TEN)).isNotNull();
    }

    @Test
    void aStartUpCheckPaidBeforeTheRunHadAnInstanceCountsAgainstItsBudgetOnceAttached() {
        MemorySpend spend = new MemorySpend(budgetOf("15"), CLOCK);
        Spend.Reservation check = spend.reserve(null, Spend.Kind.CHECK, BigDecimal.ONE).reservation();
        spend.settle(check, BigDecimal.ONE);

        spend.attach(RUN);

        assertThat(spend.billed(RUN).usd()).isEqualByComparingTo("1");
        assertThat(new Budget(spend, RUN, true).reserve(0, Spend.Kind.CALL, new BigDecimal("14.5"))).isNull();
    }

    @Test
    void withoutALimitCallsAreRecordedInAnyOrder() throws Exception {
        MemorySpend spend = new MemorySpend(new BudgetSettings(BigDecimal.ZERO, BigDecimal.ZERO), CLOCK);
        Budget budget = new Budget(spend, RUN, false);

        Spend.Reservation later = CompletableFuture.supplyAsync(() -> budget.reserve(5, Spend.Kind.CALL, TEN)).get(5, TimeUnit.SECONDS);

        budget.settle(later, BigDecimal.ONE);
        assertThat(spend.billed(RUN)).isEqualTo(new Spend.Billed(BigDecimal.ONE, 0));
    }

    @Test
    void aLaterTicketWaitsForEveryEarlierOneToBeDecided() throws Exception {
        Budget budget = new Budget(new MemorySpend(budgetOf("100"), CLOCK), RUN, true);
        CompletableFuture<Spend.Reservation> later = CompletableFuture.supplyAsync(() -> budget.reserve(2, Spend.Kind.CALL, TEN));
        Thread.sleep(50);
        assertThat(later).isNotDone();
        budget.reserve(0, Spend.Kind.CALL, TEN);
        assertThat(later).isNotDone();
        // an image that needs no call lets the next one go
        budget.pass(1);
        assertThat(later.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void abandoningReleasesEveryWaiterForATurnOrForRoom() throws Exception {
        Budget budget = new Budget(new MemorySpend(budgetOf("15"), CLOCK), RUN, true);
        budget.reserve(0, Spend.Kind.CALL, TEN);
        CompletableFuture<Spend.Reservation> forRoom = CompletableFuture.supplyAsync(() -> budget.reserve(1, Spend.Kind.CALL, TEN));
        CompletableFuture<Spend.Reservation> forTurn = CompletableFuture.supplyAsync(() -> budget.reserve(5, Spend.Kind.CALL, TEN));
        Thread.sleep(100);

        budget.abandon();

        assertThatThrownBy(() -> forRoom.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CallAbandonedException.class);
        assertThatThrownBy(() -> forTurn.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CallAbandonedException.class);
    }
}
