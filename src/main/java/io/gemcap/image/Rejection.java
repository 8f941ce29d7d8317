package io.gemcap.image;

import io.gemcap.source.ImageRef;

/**
 * An image that will not be sent, with a reason a person understands. Type and dimensions are
 * {@code null} when they could not be read.
 */
public record Rejection(ImageRef ref, String sha256, ImageType type, Dimensions dimensions, String reason)
        implements Inspection {
}
