package io.gemcap.policy;

/**
 * The run gave up on the call (see {@link CallPolicy#stopSending()}); its row is never written, and a resume makes the call
 * again.
 */
public class CallAbandonedException extends RuntimeException {

    private final boolean sent;

    public CallAbandonedException() {
        this("the run abandoned this call", false);
    }

    protected CallAbandonedException(String message) {
        this(message, false);
    }

    private CallAbandonedException(String message, boolean sent) {
        super(message, null, false, false);
        this.sent = sent;
    }

    /** A call whose request went out and was answered with an error a retry would have followed, had the run not stopped. */
    public static CallAbandonedException afterSending() {
        return new CallAbandonedException("the run stopped before this call's retry", true);
    }

    /**
     * Whether a request for this image went out before it was given up: it was answered with an error that is not
     * billed (a 429, a 5xx, a dropped connection) or not answered in time, as a retry in a run that goes on would be.
     */
    public boolean sent() {
        return sent;
    }
}
