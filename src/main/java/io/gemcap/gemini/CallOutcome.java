package io.gemcap.gemini;

/** What one image's call came to, after retries. Job-wide problems are thrown instead ({@link GeminiFatalException}). */
public sealed interface CallOutcome {

    /**
     * The model answered.
     *
     * @param note a remark for the row, e.g. that the caption was cut at the token limit; may be {@code null}
     */
    record Captioned(String text, String finishReason, Tokens tokens, long latencyMs, String model, String note)
            implements CallOutcome {
    }

    /** The prompt was blocked or the answer stopped for safety, recitation or similar. Never retried. */
    record Blocked(String reason, String finishReason, Tokens tokens, long latencyMs, String model)
            implements CallOutcome {
    }

    /** The service refused this image (400): permanent, the image is at fault. */
    record Refused(String message, long latencyMs) implements CallOutcome {
    }

    /**
     * The service refused the request for something other than the image (a setting the model refuses, an
     * unsupported region): not final for the image, which a later run sends again; the same refusal of
     * several images in a row stops the job.
     */
    record RequestRefused(String message, long latencyMs) implements CallOutcome {
    }

    /**
     * The call kept failing or failed in a way that concerns only this image.
     *
     * @param mayHaveBeenBilled whether an attempt went without an answer (a time-out, a dropped connection) that the
     *        service may have finished and billed; errors it answered (429, 5xx, 4xx) are not billed
     */
    record Failed(String reason, long latencyMs, boolean mayHaveBeenBilled) implements CallOutcome {

        /** A failure the service answered, or one of a call that was never sent: nothing was billed. */
        public Failed(String reason, long latencyMs) {
            this(reason, latencyMs, false);
        }
    }
}
