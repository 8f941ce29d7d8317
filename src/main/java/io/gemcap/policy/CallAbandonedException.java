package io.gemcap.policy;

/** The run gave up on the call before it was sent (see {@link CallPolicy#abandon()}); its row is never written. */
public final class CallAbandonedException extends RuntimeException {

    public CallAbandonedException() {
        super("the run abandoned this call", null, false, false);
    }
}
