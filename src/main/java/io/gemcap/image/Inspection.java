package io.gemcap.image;

import io.gemcap.source.ImageRef;

/** The result of checking one image before any call: either ready to send or rejected with a reason. */
public sealed interface Inspection permits PreparedImage, Rejection {

    ImageRef ref();

    /** Hex SHA-256 of the file's content, or {@code null} when the file could not be read. */
    String sha256();
}
