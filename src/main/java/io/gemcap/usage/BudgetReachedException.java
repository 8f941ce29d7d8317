package io.gemcap.usage;

import io.gemcap.policy.CallAbandonedException;

/** The call was not made: it could have taken the run's spend past its budget. The run stops there, resumable. */
public final class BudgetReachedException extends CallAbandonedException {

    public BudgetReachedException(String message) {
        super(message);
    }
}
