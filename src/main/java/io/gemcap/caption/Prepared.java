package io.gemcap.caption;

import io.gemcap.image.Dimensions;
import io.gemcap.image.PreparedImage;
import io.gemcap.image.SendableImage;
import io.gemcap.output.CaptionRow;
import io.gemcap.source.ImageRef;

/** What preparing an image came to: a row that needs no call, or the payload of the call to make (or, planning, its size). */
public sealed interface Prepared {

    /** The image's row is known without a call: an earlier answer from the ledger, or a rejection. */
    record Finished(CaptionRow row) implements Prepared {
    }

    /**
     * A call to make.
     *
     * @param image the checked file as read
     * @param sendable what is sent for it
     * @param predictedInputTokens the prompt's and the image's tokens by the model's rule
     * @param version the object version that was read, or {@code null} for a file
     * @param prompt the prompt it is sent with (the run's, or its template filled for this image)
     */
    record Payload(PreparedImage image, SendableImage sendable, int predictedInputTokens, String version, String prompt)
            implements Prepared {
    }

    /**
     * A call an estimate counts: the image, the size it would be sent at ({@code null} when its header could not be
     * reached: then counted at the detail level's largest) and the input tokens predicted for it.
     */
    record Planned(ImageRef ref, Dimensions sent, int predictedInputTokens) implements Prepared {
    }
}
