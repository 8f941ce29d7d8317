package io.gemcap.image;

import io.gemcap.source.ImageRef;

/**
 * An image that passed every check and may be sent: its bytes, read once, with the type sniffed
 * from them and the size from its header.
 */
public record PreparedImage(ImageRef ref, byte[] bytes, String sha256, ImageType type, Dimensions dimensions)
        implements Inspection {
}
