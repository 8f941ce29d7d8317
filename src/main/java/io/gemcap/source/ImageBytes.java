package io.gemcap.source;

import java.util.Objects;

/**
 * An image's content as read.
 *
 * @param version the ETag or generation of what was read (it can differ from the listing's when the object
 *     was replaced in between), or {@code null} for a file
 */
public record ImageBytes(byte[] bytes, String version) {

    public ImageBytes {
        Objects.requireNonNull(bytes, "bytes");
    }
}
