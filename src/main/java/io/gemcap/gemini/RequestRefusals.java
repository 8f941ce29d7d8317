package io.gemcap.gemini;

import java.util.HashSet;
import java.util.Set;

/**
 * Watches for the service refusing the request itself (not the image) on image after image: the same
 * 400 for several different images in a row means every image would get it, so the job stops rather
 * than fail the whole archive row by row. Those rows are not written (the chunk rolls back), and
 * nothing of it reaches the ledger. Thread-safe.
 */
final class RequestRefusals {

    private final int inARow;
    private String message;
    private final Set<String> images = new HashSet<>();

    RequestRefusals(int inARow) {
        this.inARow = inARow;
    }

    /** @throws GeminiFatalException when the same refusal has now met {@code inARow} different images in a row */
    synchronized void record(String imageSha256, CallOutcome outcome) {
        if (!(outcome instanceof CallOutcome.RequestRefused refused)) {
            message = null;
            images.clear();
            return;
        }
        if (!refused.message().equals(message)) {
            message = refused.message();
            images.clear();
        }
        images.add(imageSha256);
        if (images.size() >= inARow) {
            throw new GeminiFatalException(GeminiFatalException.Cause.REQUEST_REFUSED, refused.message() + ", for " + images.size()
                    + " different images in a row: check --model, --prompt and the settings in config/application.yml; the images"
                    + " were not marked as done");
        }
    }
}
