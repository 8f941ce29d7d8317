package io.gemcap.policy;

/** The run gave up on the call before it was sent (see {@link CallPolicy#abandon()}); its row is never written. */
public class CallAbandonedException extends RuntimeException {

    public CallAbandonedException() {
        this("the run abandoned this call");
    }

    protected CallAbandonedException(String message) {
        super(message, null, false, false);
    }
}
