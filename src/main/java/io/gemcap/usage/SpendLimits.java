package io.gemcap.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** The run's budget and the day's cap as a {@link Spend} applies them. Immutable. */
record SpendLimits(BudgetSettings settings) {

    /** A limit a reservation would pass: the run's budget or the day's cap, in words. */
    record Passed(boolean run, String limit) {
    }

    SpendLimits {
        Objects.requireNonNull(settings, "settings");
    }

    boolean limited() {
        return settings.limited();
    }

    boolean runLimited() {
        return settings.usd().signum() > 0;
    }

    boolean dayLimited() {
        return settings.perDayUsd().signum() > 0;
    }

    /**
     * The limit that {@code worstCase} would pass, or {@code null} when it fits.
     *
     * @param run what the run has billed and holds, or {@code null} when it has no job instance yet (nothing spent)
     * @param day what every run of this database billed and holds today
     */
    Passed passed(BigDecimal run, BigDecimal day, BigDecimal worstCase) {
        BigDecimal runSpent = run == null ? BigDecimal.ZERO : run;
        if (runLimited() && runSpent.add(worstCase).compareTo(settings.usd()) > 0) {
            return new Passed(true, "its budget of " + limit(settings.usd()) + " USD (" + usd(runSpent) + " billed or held)");
        }
        if (dayLimited() && day.add(worstCase).compareTo(settings.perDayUsd()) > 0) {
            return new Passed(false, "today's cap of " + limit(settings.perDayUsd()) + " USD (gemcap.budget.per-day-usd; " + usd(day)
                    + " billed or held today)");
        }
        return null;
    }

    /** A limit as it was given. */
    static String limit(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    /** An amount spent, to a millionth of a dollar. */
    static String usd(BigDecimal amount) {
        return amount.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
