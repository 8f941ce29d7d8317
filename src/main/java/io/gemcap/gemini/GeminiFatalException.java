package io.gemcap.gemini;

/**
 * A problem that concerns the whole job, not one image: the job stops at once, resumable, with
 * {@link #getMessage()} as its one line.
 */
public class GeminiFatalException extends RuntimeException {

    /** Why the job cannot go on. */
    public enum Cause {
        /** 401/403, or 400 naming the key: fix the key and run again. */
        KEY_REJECTED,
        /** 404 for the model: fix the model name. */
        MODEL_NOT_FOUND,
        /** Connection refused, reset or timed out for too many calls in a row. */
        UNREACHABLE,
        /** What answers at the endpoint is not the Gemini API (an HTML page, TLS against a plain-HTTP port). */
        NOT_THE_SERVICE,
        /** The service refuses the request itself (its settings, the region), whatever the image. */
        REQUEST_REFUSED
    }

    private final Cause cause;

    public GeminiFatalException(Cause cause, String message) {
        super(message, null, false, false);
        this.cause = cause;
    }

    public Cause reason() {
        return cause;
    }
}
