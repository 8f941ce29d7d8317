package io.gemcap.image;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How images are prepared ({@code gemcap.image.*}).
 *
 * @param detail how much of each image is sent ({@code --detail}: low, medium, high or original); what each level means
 *     per model family is in {@code gemcap.models}
 * @param jpegQuality 0 to 1, for the images gemcap re-encodes
 * @param keepMetadata send images' EXIF, XMP, IPTC, comments and large ICC profiles with them ({@code --keep-metadata});
 *     by default they stay on the user's machine. Not part of a request's settings: the answer is about the pixels.
 * @param decodeHeapShare the share of the JVM's heap that pictures being decoded may take together (above 0, at most 1)
 */
@ConfigurationProperties("gemcap.image")
public record ImageSettings(String detail, double jpegQuality, boolean keepMetadata, double decodeHeapShare) {

    public ImageSettings {
        if (detail == null || detail.isBlank()) {
            detail = Detail.LOW.label();
        }
        try {
            Detail.parse(detail);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gemcap.image.detail: " + e.getMessage());
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("gemcap.image.jpeg-quality must be above 0 and at most 1, was " + jpegQuality);
        }
        if (!(decodeHeapShare > 0 && decodeHeapShare <= 1)) {
            throw new IllegalArgumentException("gemcap.image.decode-heap-share must be above 0 and at most 1, was " + decodeHeapShare);
        }
    }

    /** The detail level. */
    public Detail level() {
        return Detail.parse(detail);
    }
}
