package io.gemcap.image;

/**
 * What is sent for an image: the bytes, their MIME type and the size the service will see.
 *
 * @param note a remark for the row about what was done or could not be done (e.g. a HEIC sent at full size), or {@code null}
 */
public record SendableImage(byte[] bytes, String mime, Dimensions sent, String note) {
}
